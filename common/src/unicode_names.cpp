#include "mojifinder/unicode_names.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "mojifinder/utf8.hpp"

namespace mojifinder {

namespace {

// Characters below this have no name but a control's; the original left
// them out and so do we.
constexpr char32_t first_indexed_code_point = 0x20;

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

class LineParser {
 public:
  LineParser(std::string_view source, std::size_t line_number)
      : source_(source), line_number_(line_number) {}

  [[noreturn]] void fail(std::string_view why) const {
    std::ostringstream message;
    message << source_ << ':' << line_number_ << ": " << why;
    throw UcdError(message.str());
  }

  char32_t code_point(std::string_view hex) const {
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), value, 16);
    if (hex.empty() || ec != std::errc{} || end != hex.data() + hex.size() ||
        value > utf8::max_code_point) {
      fail("bad code point '" + std::string(hex) + "'");
    }
    return static_cast<char32_t>(value);
  }

 private:
  std::string_view source_;
  std::size_t line_number_;
};

std::string hex_label(char32_t cp) {
  char digits[8];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, static_cast<std::uint32_t>(cp), 16);
  std::string label(digits, end);
  std::transform(label.begin(), label.end(), label.begin(),
                 [](char c) { return (c >= 'a' && c <= 'f') ? static_cast<char>(c - 'a' + 'A') : c; });
  if (label.size() < 4) label.insert(0, 4 - label.size(), '0');
  return label;
}

// "# DerivedName-15.0.0.txt" on the first line gives the version.
std::string version_from_header(std::string_view first_line) {
  constexpr std::string_view prefix = "# DerivedName-";
  constexpr std::string_view suffix = ".txt";
  first_line = trim(first_line);
  if (first_line.starts_with(prefix) && first_line.ends_with(suffix)) {
    return std::string(first_line.substr(prefix.size(), first_line.size() - prefix.size() - suffix.size()));
  }
  return "unknown";
}

}  // namespace

UnicodeNames parse_derived_names(std::string_view text, std::string_view source) {
  UnicodeNames names;
  std::size_t line_number = 0;
  while (!text.empty()) {
    const auto newline = text.find('\n');
    const auto line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    ++line_number;
    if (line_number == 1) names.unicode_version = version_from_header(line);

    const auto content = trim(line.substr(0, line.find('#')));
    if (content.empty()) continue;
    const LineParser parser(source, line_number);
    const auto semicolon = content.find(';');
    if (semicolon == std::string_view::npos) parser.fail("expected 'CODE ; NAME'");
    const auto range = trim(content.substr(0, semicolon));
    const auto name = trim(content.substr(semicolon + 1));
    if (name.empty()) parser.fail("empty name");

    const auto dots = range.find("..");
    const char32_t first = parser.code_point(range.substr(0, dots));
    const char32_t last = dots == std::string_view::npos ? first : parser.code_point(range.substr(dots + 2));
    if (last < first) parser.fail("range ends before it starts");

    const auto star = name.find('*');
    if (first != last && star == std::string_view::npos) parser.fail("a range needs a '*' pattern");
    for (char32_t cp = first;; ++cp) {
      if (cp >= first_indexed_code_point) {
        std::string expanded(name);
        if (star != std::string_view::npos) expanded.replace(star, 1, hex_label(cp));
        names.characters.push_back({cp, std::move(expanded)});
      }
      if (cp == last) break;
    }
  }
  std::sort(names.characters.begin(), names.characters.end(),
            [](const auto& a, const auto& b) { return a.code_point < b.code_point; });
  const auto duplicate = std::adjacent_find(names.characters.begin(), names.characters.end(),
      [](const auto& a, const auto& b) { return a.code_point == b.code_point; });
  if (duplicate != names.characters.end()) {
    throw UcdError(std::string(source) + ": U+" + hex_label(duplicate->code_point) + " is named twice");
  }
  return names;
}

UnicodeNames load_unicode_names(const std::filesystem::path& ucd_dir) {
  const auto path = ucd_dir / "extracted" / "DerivedName.txt";
  std::ifstream file(path, std::ios::binary);
  if (!file) throw UcdError(path.string() + ": cannot be read");
  std::ostringstream content;
  content << file.rdbuf();
  return parse_derived_names(content.str(), path.string());
}

}  // namespace mojifinder
