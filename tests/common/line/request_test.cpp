#include "mojifinder/line/request.hpp"

#include "support/oracles.hpp"

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
}

TEST_CASE("request: a control character after the first is an error the client is told") {
  const auto request = parse_request("cat \x01" "face");
  CHECK(request.kind == Kind::control_character);
  CHECK(request.control == U'\x01');
  CHECK(error_text(request.error) == "error: query contains a control character (U+0001)");
  // DEL and C1 count too, even first (the original only closed on C0).
  CHECK(parse_request("\x7F").kind == Kind::control_character);
  const auto c1 = parse_request("cat \xC2\x9B");  // U+009B, a C1 escape
  CHECK(c1.kind == Kind::control_character);
  CHECK(error_text(c1.error) == "error: query contains a control character (U+009B)");
  // Control characters that are white space only separate words.
  CHECK(parse_request("cat\tface").kind == Kind::search);
  CHECK(parse_request("cat\x1f" "face").kind == Kind::search);
  CHECK(parse_request("cat\xC2\x85" "face").kind == Kind::search);  // NEL
  CHECK(error_text(parse_request("cat face").error).empty());
}

TEST_CASE("request: a line that is not UTF-8 is an error the client is told") {
  CHECK(parse_request("cat \xFF").kind == Kind::invalid_utf8);
  CHECK(parse_request("\xC3").kind == Kind::invalid_utf8);
  CHECK(parse_request("\xED\xA0\x80").kind == Kind::invalid_utf8);  // a surrogate
  CHECK(error_text(parse_request("\xC3").error) == "error: query is not valid UTF-8");
  CHECK(parse_request("caf\xC3\xA9").kind == Kind::search);
}
