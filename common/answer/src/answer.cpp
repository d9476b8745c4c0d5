#include "mojifinder/answer/answer.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdint>

#include "mojifinder/text/escape.hpp"
#include "mojifinder/text/utf8.hpp"

namespace mojifinder {

namespace {

std::u32string decode_all(std::string_view text) {
  std::u32string out;
  while (!text.empty()) {
    const auto decoded = utf8::decode(text);
    if (!decoded) break;  // names are ASCII
    out.push_back(decoded->code_point);
    text.remove_prefix(decoded->length);
  }
  return out;
}

}  // namespace

void append_result(std::string& out, const NameIndex& index, Result result, LineEnd end) {
  if (result & unnamed_result) {
    const auto cp = static_cast<char32_t>(result & ~unnamed_result);
    append_result_line(out, cp, unnamed_label(cp), end);
    return;
  }
  // The index holds each line rendered for the wire; a terminal gets the
  // same bytes with LF in place of CR LF.
  auto line = index.line(result);
  if (end != LineEnd::crlf) {
    line.remove_suffix(line_end_bytes(LineEnd::crlf).size());
    out += line;
    out += line_end_bytes(end);
  } else {
    out += line;
  }
}

namespace {

// The code points of a result: from the index (every one of a sequence's),
// or the one a result without a name stands for.
std::u32string code_points_of(const NameIndex& index, Result result) {
  if (result & unnamed_result) return std::u32string(1, static_cast<char32_t>(result & ~unnamed_result));
  std::u32string code_points;
  for (const auto cp : index.code_points_of(result)) code_points.push_back(static_cast<char32_t>(cp));
  return code_points;
}

// `"name":"..."`, the name or a result without one its label.
void append_json_name(std::string& out, const NameIndex& index, Result result, char32_t first) {
  out += "\"name\":";
  append_json_string(out, decode_all((result & unnamed_result) ? unnamed_label(first) : index.name(result)));
}

// `,"short_name":"..."`, when the language gives the entry one.
void append_json_short_name(std::string& out, Result result, const NameIndex::Locale* language) {
  if (language == nullptr || (result & unnamed_result)) return;
  const auto short_name = language->short_name(result);
  if (short_name.empty()) return;
  out += ",\"short_name\":\"";
  append_json_text(out, short_name);
  out += '"';
}

}  // namespace

void append_json_result(std::string& out, const NameIndex& index, Result result, LineEnd end,
                        const NameIndex::Locale* language) {
  const auto code_points = code_points_of(index, result);
  out += "{\"code_points\":[";
  for (std::size_t i = 0; i < code_points.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    append_code_point_label(out, code_points[i]);
    out += '"';
  }
  out += "],\"characters\":";
  append_json_string(out, code_points);
  out += ',';
  append_json_name(out, index, result, code_points.front());
  append_json_short_name(out, result, language);
  out += '}';
  out += line_end_bytes(end);
}

void append_json_array_item(std::string& out, const NameIndex& index, Result result,
                            const NameIndex::Locale* language) {
  if (result & unnamed_result) {
    const auto code_points = code_points_of(index, result);
    out += "{\"char\":";
    append_json_string(out, code_points);
    out += ',';
    append_json_name(out, index, result, code_points.front());
    out += '}';
    return;
  }
  // The HTTP API's every result comes here: the code points and the name
  // straight from the index, and a name that needs no escaping (most are
  // capital letters, digits, spaces and hyphens) copied as it is.
  out += "{\"char\":";
  append_json_string(out, index.code_points_of(result));
  out += ",\"name\":\"";
  const auto name = index.name(result);
  if (std::all_of(name.begin(), name.end(), [](char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; })) {
    out += name;
  } else {
    append_json_text(out, name);
  }
  out += '"';
  append_json_short_name(out, result, language);
  out += '}';
}

PageRowStyle PageRowStyle::of(const NameIndex& index, const NameIndex::Locale* language) {
  return {language, index.category_mask("M").value_or(0), index.category_mask("So").value_or(0)};
}

namespace {

// "Other Symbol (So)": a General_Category's long name, then its short one,
// each escaped for where it goes.
void append_category_text(std::string& out, const NameIndex& index, std::uint8_t category,
                          void (*escape)(std::string&, std::string_view)) {
  const auto names = index.category_names(category);
  const auto bar = std::min(names.find('|'), names.size());
  if (bar == names.size()) {
    escape(out, names);
    return;
  }
  auto long_name = std::string(names.substr(bar + 1, names.find('|', bar + 1) - bar - 1));
  std::replace(long_name.begin(), long_name.end(), '_', ' ');
  escape(out, long_name);
  out += " (";
  escape(out, names.substr(0, bar));
  out += ')';
}

// A character's block and category as data for the detail panel:
// ` data-block="Emoticons" data-category="Other Symbol (So)"`.
void append_properties(std::string& out, const NameIndex& index, char32_t cp, std::uint8_t category) {
  if (const auto block = index.block_of(cp); !block.empty()) {
    out += " data-block=\"";
    append_html_text(out, block);
    out += '"';
  }
  if (index.category_names(category).empty()) return;
  out += " data-category=\"";
  append_category_text(out, index, category, append_html_text);
  out += '"';
}

// The General_Category of a code point the index has no entry for, as its
// label says what it is: a surrogate Cs, private use Co, a noncharacter
// or an unassigned one Cn.
std::uint8_t unnamed_category(const NameIndex& index, char32_t cp) noexcept {
  const auto label = unnamed_label(cp);
  const auto mask = index.category_mask(label == "<surrogate>"     ? "Cs"
                                        : label == "<private use>" ? "Co"
                                        : label == "<control>"     ? "Cc"
                                                                   : "Cn");
  return mask && std::has_single_bit(*mask) ? static_cast<std::uint8_t>(std::countr_zero(*mask)) : NameIndex::no_category;
}

// What the page shows of a result, as a row or as the API's full item.
struct Shown {
  std::u32string code_points;
  std::uint8_t category = NameIndex::no_category;
  bool symbol = false;  // a tile: a sequence, or a symbol
  std::string glyph;    // a control as its picture, a combining mark on U+25CC; a sequence as itself

  bool single() const noexcept { return code_points.size() == 1; }
};

Shown shown_of(const NameIndex& index, Result result, const PageRowStyle& style) {
  Shown shown;
  shown.code_points = code_points_of(index, result);
  const auto first = shown.code_points.front();
  shown.category = (result & unnamed_result) ? unnamed_category(index, first) : index.category_of(result);
  const auto category_bit = shown.category == NameIndex::no_category ? 0u : 1u << shown.category;
  shown.symbol = !shown.single() || (category_bit & style.symbols) != 0;
  if (shown.single()) {
    // A combining mark sits on a dotted circle, as the code charts draw it.
    if (category_bit & style.marks) utf8::append(shown.glyph, 0x25CC);
    utf8::append(shown.glyph, visible_character(first));
  } else {
    for (const auto cp : shown.code_points) utf8::append(shown.glyph, cp);
  }
  return shown;
}

}  // namespace

void append_json_array_item_all(std::string& out, const NameIndex& index, Result result, const PageRowStyle& style) {
  append_json_array_item(out, index, result, style.language);
  out.pop_back();  // the item's `}`: more fields follow
  const auto shown = shown_of(index, result, style);
  out += ",\"shown\":\"";
  append_json_text(out, shown.glyph);
  out += shown.symbol ? "\",\"symbol\":true" : "\",\"symbol\":false";
  if (shown.single()) {
    if (const auto block = index.block_of(shown.code_points.front()); !block.empty()) {
      out += ",\"block\":\"";
      append_json_text(out, block);
      out += '"';
    }
    if (!index.category_names(shown.category).empty()) {
      out += ",\"category\":\"";
      append_category_text(out, index, shown.category, append_json_text);
      out += '"';
    }
  }
  out += '}';
}

void append_html_row(std::string& out, const NameIndex& index, Result result, const PageRowStyle& style) {
  const auto shown = shown_of(index, result, style);
  const auto& code_points = shown.code_points;
  out += shown.symbol ? "<li class=\"s\"" : "<li";
  if (shown.single()) append_properties(out, index, code_points.front(), shown.category);
  out += '>';
  // The glyph links to a page of its own: a code point by its label, a
  // sequence as itself (pasted text finds the sequence).
  out += "<a class=\"glyph\" href=\"/?q=";
  if (shown.single()) {
    std::string label;
    append_code_point_label(label, code_points.front());
    append_url_query_text(out, label);
  } else {
    append_url_query_text(out, shown.glyph);
  }
  out += "\">";
  append_html_text(out, shown.glyph);
  out += "</a><span class=\"names\">";
  if (style.language != nullptr && !(result & unnamed_result)) {
    const auto short_name = style.language->short_name(result);
    if (!short_name.empty() && short_name.size() <= max_result_line_bytes) {
      out += "<span class=\"short\">";
      append_html_text(out, short_name);
      out += "</span>";
    }
  }
  out += "<span class=\"name\">";
  append_html_text(out, (result & unnamed_result) ? unnamed_label(code_points.front()) : index.name(result));
  out += "</span></span><code>";
  for (std::size_t i = 0; i < code_points.size(); ++i) {
    if (i > 0) out += ' ';
    append_code_point_label(out, code_points[i]);
  }
  out += "</code><button type=\"button\" class=\"copy\">Copy</button></li>\n";
}

void append_correction(std::string& out, const Page& page, void (*escape)(std::string&, std::string_view)) {
  out += " for ";
  escape(out, page.asked);
  out += "; showing ";
  escape(out, page.corrected);
}

void append_answer_end(std::string& out, AnswerFormat format, const Page& page, LineEnd end) {
  if (is_json_array(format)) {
    out += ']';
    return;
  }
  if (format == AnswerFormat::html_rows) return;
  if (format == AnswerFormat::json) {
    out += "{\"count\":";
    append_decimal(out, page.total);
    if (!page.corrected.empty()) {
      out += ",\"corrected_query\":\"";
      append_json_text(out, page.corrected);
      out += '"';
    }
    if (!page.found_in.empty()) {
      out += ",\"language\":\"";
      append_json_text(out, page.found_in);
      out += '"';
    }
    if (page.partial()) {
      out += ",\"first\":";
      append_decimal(out, page.first + 1);
      out += ",\"last\":";
      append_decimal(out, page.after());
    }
    out += '}';
    out += line_end_bytes(end);
    return;
  }
  if (!page.partial() && page.corrected.empty() && page.found_in.empty()) {
    append_status_line(out, page.total, end);
    return;
  }
  if (page.corrected.empty()) {
    append_status_line(out, page.total, LineEnd::lf);
    out.pop_back();
    if (!page.found_in.empty()) {
      out += " in ";
      append_terminal_text(out, page.found_in);
    }
  } else {
    append_status_line(out, 0, LineEnd::lf);
    out.pop_back();
    append_correction(out, page, append_terminal_text);
    out += ", ";
    append_decimal(out, page.total);
    out += " found";
  }
  if (!page.partial()) {
    out += line_end_bytes(end);
    return;
  }
  out += ", ";
  append_decimal(out, page.first + 1);
  out += " to ";
  append_decimal(out, page.after());
  out += " shown";
  out += line_end_bytes(end);
}

void append_error(std::string& out, AnswerFormat format, std::string_view detail) {
  if (format == AnswerFormat::json) {
    out += "{\"error\":\"";
    append_json_text(out, detail);
    out += "\"}";
    return;
  }
  out += "error: ";
  append_terminal_text(out, detail);
}

std::string error_line(std::string_view detail) {
  std::string line;
  append_error(line, AnswerFormat::text, detail);
  line += line_end_bytes(LineEnd::crlf);
  return line;
}

void append_logged_error(std::string& out, std::string_view detail) {
  out += "error: ";
  append_log_text(out, detail);
}

}  // namespace mojifinder
