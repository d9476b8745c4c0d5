#include "mojifinder/index/render.hpp"

#include <array>
#include <charconv>

#include "mojifinder/text/ascii.hpp"
#include "mojifinder/text/escape.hpp"
#include "mojifinder/text/utf8.hpp"

namespace mojifinder {

namespace {

constexpr std::string_view box_drawings_light_horizontal = "\u2500";

// The 66 rules, built once at compile time: the status line ends every
// answer, so it is worth one append instead of 66.
constexpr auto status_rule = [] {
  std::array<char, status_rule_length * box_drawings_light_horizontal.size()> rule{};
  for (std::size_t i = 0; i < rule.size(); ++i) {
    rule[i] = box_drawings_light_horizontal[i % box_drawings_light_horizontal.size()];
  }
  return rule;
}();

}  // namespace

char32_t visible_character(char32_t cp) noexcept {
  constexpr char32_t symbol_for_newline = 0x2424;
  constexpr char32_t replacement_character = 0xFFFD;
  if (cp < 0x20) return 0x2400 + cp;
  if (cp == 0x7F) return 0x2421;
  if (cp == 0x85 || cp == 0x2028 || cp == 0x2029) return symbol_for_newline;
  if (is_disruptive(cp) || (cp >= 0xD800 && cp <= 0xDFFF)) return replacement_character;
  return cp;
}

std::string_view unnamed_label(char32_t cp) noexcept {
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return "<control>";
  if (cp >= 0xD800 && cp <= 0xDFFF) return "<surrogate>";
  if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) return "<noncharacter>";
  if ((cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000) return "<private use>";
  return "<unassigned>";
}

std::size_t code_point_label_length(char32_t cp) noexcept {
  if (cp > 0xFFFFF) return 8;
  if (cp > 0xFFFF) return 7;
  return 6;
}

void append_result_line(std::string& out, char32_t cp, std::string_view name, LineEnd end) {
  append_result_line(out, std::u32string_view(&cp, 1), name, end);
}

void append_code_point_label(std::string& out, char32_t cp) {
  constexpr auto hex_digits = ascii::upper_hex_digits;
  out += "U+";
  for (std::size_t d = code_point_label_length(cp) - 2; d-- > 0;) out.push_back(hex_digits[(cp >> (4 * d)) & 0xF]);
}

void append_result_line(std::string& out, std::u32string_view code_points, std::string_view name, LineEnd end) {
  for (std::size_t i = 0; i < code_points.size(); ++i) {
    if (i > 0) out.push_back(' ');
    append_code_point_label(out, code_points[i]);
  }
  out.push_back('\t');
  for (const char32_t cp : code_points) utf8::append(out, visible_character(cp));
  out.push_back('\t');
  out += name;
  out += line_end_bytes(end);
}

void append_decimal(std::string& out, std::size_t value) {
  char digits[24];
  const auto [last, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, last);
}

void append_status_line(std::string& out, std::size_t count, LineEnd end) {
  out.append(status_rule.data(), status_rule.size());
  out.push_back(' ');
  append_decimal(out, count);
  out += " found";
  out += line_end_bytes(end);
}

}  // namespace mojifinder
