// What a client sent, echoed back into some sink, goes through the one rule
// for that sink, so that nothing a client sends can act on a terminal,
// break a strict JSON parser or forge a line of the log.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace mojifinder {

// What must never reach a terminal raw from a client: the C0 and C1
// controls and DEL, the bidirectional controls (ALM, LRM, RLM, the
// embeddings, overrides and isolates), and the line and paragraph
// separators (NEL is a C1 control).
constexpr bool is_disruptive(char32_t cp) noexcept {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// For a terminal: the text as it is, but each disruptive character as
// `<U+XXXX>` and each byte that is not UTF-8 as `<0xNN>`.
void append_terminal_text(std::string& out, std::string_view text);

// The contents of a JSON string (RFC 8259), valid for strict parsers:
// quotes and backslashes escaped, and every disruptive character as
// \uXXXX, so that a JSON line stays one line on any terminal; a byte that
// is not UTF-8 becomes U+FFFD.
void append_json_text(std::string& out, std::string_view text);
// The same for code points, in quotes. A surrogate, which no JSON text may
// hold alone, is written as U+FFFD (as the text result line shows it).
void append_json_string(std::string& out, std::u32string_view code_points);
void append_json_string(std::string& out, std::span<const std::uint32_t> code_points);

// For HTML text or a quoted attribute value: `&`, `<`, `>`, `"` and `'`
// as character references, each disruptive character as U+FFFD, and each
// byte that is not UTF-8 as U+FFFD.
void append_html_text(std::string& out, std::string_view text);

// For a URL's query value (`q=cat+face`): letters, digits and `-._~*` as
// they are, a space as `+`, every other byte as `%XX`; in an HTML attribute
// it needs no more escaping.
void append_url_query_text(std::string& out, std::string_view text);

// For a log line: as Python's repr() writes a string, without the quotes:
// backslashes escaped, TAB, CR and LF as \t, \r and \n, other disruptive
// characters as \xNN or \uXXXX, and a byte that is not UTF-8 as \udcNN
// (Python's surrogateescape), so that no log line holds a control that came
// from a client and every line reads back as what was sent.
void append_log_text(std::string& out, std::string_view text);
// The same in single quotes, with quotes escaped: how a query is logged.
void append_log_quoted(std::string& out, std::string_view text);

}  // namespace mojifinder
