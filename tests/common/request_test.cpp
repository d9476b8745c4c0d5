#include "mojifinder/request.hpp"

#include <doctest/doctest.h>

using namespace mojifinder;
using Kind = Request::Kind;

TEST_CASE("request: white space is stripped from both ends of a query") {
  const auto request = parse_request("  cat face \r");
  CHECK(request.kind == Kind::search);
  CHECK(request.query == "cat face");
}

TEST_CASE("request: an empty or blank line asks for the prompt again") {
  CHECK(parse_request("").kind == Kind::empty);
  CHECK(parse_request("\r").kind == Kind::empty);
  CHECK(parse_request(" \t \u3000").kind == Kind::empty);
}

TEST_CASE("request: a line starting with a control character ends the session") {
  CHECK(parse_request("\x01").kind == Kind::end_session);
  CHECK(parse_request(std::string_view("\0cat", 4)).kind == Kind::end_session);
  CHECK(parse_request("\x1b[A").kind == Kind::end_session);  // an arrow key
  CHECK(parse_request("  \x03").kind == Kind::end_session);   // after the stripping
  CHECK(parse_request("cat \x01").kind == Kind::search);      // not first: a query
  CHECK(parse_request("\x7F").kind == Kind::search);          // DEL is not below U+0020
}

TEST_CASE("request: a line that is not UTF-8 ends the session, as in the original") {
  CHECK(parse_request("cat \xFF").kind == Kind::end_session);
  CHECK(parse_request("\xC3").kind == Kind::end_session);
  CHECK(parse_request("caf\xC3\xA9").kind == Kind::search);
}
