// What one line from a client asks for. White space is stripped from both
// ends; an empty line asks for the prompt again; a line that starts with a
// C0 control character ends the session, as the original decided; bytes
// that are not UTF-8, and control characters elsewhere in the line (other
// than white space, which separates words), are errors the client is told
// about; a line that starts with `/` is a session command (command.hpp);
// anything else is a query.
#pragma once

#include <optional>
#include <string_view>

#include "mojifinder/query/query.hpp"

namespace mojifinder {

struct Request {
  enum class Kind { empty, end_session, search, command, invalid_utf8, control_character };
  Kind kind;
  std::string_view query;           // the stripped line; a view into the line given
  std::optional<QueryError> error;  // for invalid_utf8 and control_character: what the client is told
  char32_t control = 0;             // for control_character: the first one found
};

Request parse_request(std::string_view line);

}  // namespace mojifinder
