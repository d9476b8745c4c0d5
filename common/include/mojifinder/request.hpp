// What one line from a client asks for, decided the way the original
// server decided it: white space stripped from both ends; an empty line
// asks for the prompt again; a line that starts with a control character
// (or is not UTF-8, which the original read as a NUL) ends the session;
// anything else is a query.
#pragma once

#include <string_view>

namespace mojifinder {

struct Request {
  enum class Kind { empty, end_session, search };
  Kind kind;
  std::string_view query;  // the stripped line; a view into the line given
};

Request parse_request(std::string_view line) noexcept;

}  // namespace mojifinder
