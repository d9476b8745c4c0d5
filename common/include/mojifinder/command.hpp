// Session commands: a line that starts with `/`, which no name word does.
// `/help`, `/quit`, `/limit N` and `/more`, `/format text|json`, `/stats`.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mojifinder {

// How answers are written: the original's lines, or JSON Lines (one object
// a result, then one with the count).
enum class AnswerFormat : unsigned char { text, json };

struct Command {
  enum class Kind { help, quit, limit, more, format, stats, invalid };
  Kind kind = Kind::invalid;
  std::size_t limit = 0;                     // limit: results an answer shows; 0 for all
  AnswerFormat format = AnswerFormat::text;  // format
  std::string error;                         // invalid: the error line to send
};

// Results one answer may be limited to at most.
inline constexpr std::size_t max_limit = 1'000'000;

// `line` is stripped and starts with `/`.
Command parse_command(std::string_view line);

// What /help sends, line by line with LF ends; README says the same.
std::string_view help_text() noexcept;

}  // namespace mojifinder
