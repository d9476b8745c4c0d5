// Session commands: a line that starts with `/`, which no name word does.
// `/help`, `/quit`, `/limit N` and `/more`, `/format text|json`, `/stats`,
// `/lang [CODE|off]`, `/languages` and `/order [codepoint|relevance]`.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "mojifinder/answer/answer_format.hpp"
#include "mojifinder/query/query.hpp"

namespace mojifinder {

struct Command {
  enum class Kind { help, quit, limit, more, format, stats, language, languages, order, invalid };
  Kind kind = Kind::invalid;
  std::size_t limit = 0;                     // limit: results an answer shows; 0 for all
  AnswerFormat format = AnswerFormat::text;  // format: text or json
  std::string_view language;                 // language: the code asked for; empty to ask which; "off"
  std::optional<Order> order;                // order: the one asked for; nullopt to ask which
  std::optional<QueryError> error;           // invalid: what the client is told
};

// A number of results as /limit and `search --limit` take it: decimal
// digits, 0 (no limit) to max_limit; nullopt for anything else.
std::optional<std::size_t> parse_limit(std::string_view text) noexcept;
// What parse_limit() takes, for error lines.
std::string limit_syntax();

// `line` is stripped and starts with `/`; it splits at white space as a
// query does.
Command parse_command(std::string_view line);

// What /help sends, line by line with LF ends; README says the same.
std::string_view help_text() noexcept;

}  // namespace mojifinder
