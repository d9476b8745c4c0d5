// The one renderer of the protocol's lines. The index renders every result
// line with it once, when it is built; the status line is rendered per
// answer. The server, the command line and the tests all go through here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mojifinder {

// The wire ends every line in CR LF; a terminal wants LF alone (the
// original's command line printed with LF).
enum class LineEnd { crlf, lf };

inline constexpr std::string_view line_end_bytes(LineEnd end) noexcept {
  return end == LineEnd::crlf ? std::string_view{"\r\n"} : std::string_view{"\n"};
}

// No result line is longer (the longest name makes one of about 100
// bytes): the index refuses one that would be, so that a writer can
// reserve room for a batch of lines at once.
inline constexpr std::size_t max_result_line_bytes = 512;

// How many U+2500 BOX DRAWINGS LIGHT HORIZONTAL open the status line.
inline constexpr std::size_t status_rule_length = 66;

// What a result line shows for `cp`: the character itself, or a visible
// stand-in for one that would disturb a terminal. C0 controls and DEL show
// as their Control Pictures (U+2400..U+2421), line and paragraph
// separators (NEL, U+2028, U+2029) as U+2424 SYMBOL FOR NEWLINE, and the
// other C1 controls, the bidirectional controls (is_disruptive()), and
// surrogates (which UTF-8 cannot carry) as U+FFFD.
char32_t visible_character(char32_t cp) noexcept;

// What stands for the name of a code point the index has no name for:
// `<control>`, `<surrogate>`, `<private use>`, `<noncharacter>` or
// `<unassigned>`.
std::string_view unnamed_label(char32_t cp) noexcept;

// `U+XXXX<TAB><the character><TAB><NAME>` and the line end; the code point
// in at least four upper-case hex digits, the character as
// visible_character() shows it.
void append_result_line(std::string& out, char32_t cp, std::string_view name, LineEnd end);
// The same for a sequence of code points (an emoji sequence): every label,
// separated by spaces, then the characters together.
void append_result_line(std::string& out, std::u32string_view code_points, std::string_view name, LineEnd end);

// `U+XXXX`: the code point in at least four upper-case hex digits.
void append_code_point_label(std::string& out, char32_t cp);

// `value` in decimal digits.
void append_decimal(std::string& out, std::size_t value);

// 66 times U+2500, a space, the count, ` found` and the line end.
void append_status_line(std::string& out, std::size_t count, LineEnd end);

// Bytes in the `U+XXXX` label of `cp` (6 to 8).
std::size_t code_point_label_length(char32_t cp) noexcept;

}  // namespace mojifinder
