#include "mojifinder/index/render.hpp"

#include <doctest/doctest.h>

using namespace mojifinder;

namespace {

std::string result_line(char32_t cp, std::string_view name, LineEnd end = LineEnd::crlf) {
  std::string out;
  append_result_line(out, cp, name, end);
  return out;
}

std::string status_line(std::size_t count, LineEnd end = LineEnd::crlf) {
  std::string out;
  append_status_line(out, count, end);
  return out;
}

std::string rule() {
  std::string out;
  for (int i = 0; i < 66; ++i) out += "\xE2\x94\x80";
  return out;
}

}  // namespace

TEST_CASE("render: a result line has at least four upper-case hex digits, tabs and CR LF") {
  CHECK(result_line(0x41, "LATIN CAPITAL LETTER A") == "U+0041\tA\tLATIN CAPITAL LETTER A\r\n");
  CHECK(result_line(0x24, "DOLLAR SIGN") == "U+0024\t$\tDOLLAR SIGN\r\n");
  CHECK(result_line(0x20AC, "EURO SIGN") == "U+20AC\t\xE2\x82\xAC\tEURO SIGN\r\n");
  CHECK(result_line(0x1F431, "CAT FACE") == "U+1F431\t\xF0\x9F\x90\xB1\tCAT FACE\r\n");
  CHECK(result_line(0x10FFFD, "X") == "U+10FFFD\t\xF4\x8F\xBF\xBD\tX\r\n");
  CHECK(result_line(0xFFFF, "X").starts_with("U+FFFF\t"));
  CHECK(result_line(0x10000, "X").starts_with("U+10000\t"));
}

TEST_CASE("render: a terminal line ends in LF alone") {
  CHECK(result_line(0x41, "LATIN CAPITAL LETTER A", LineEnd::lf) == "U+0041\tA\tLATIN CAPITAL LETTER A\n");
}

TEST_CASE("render: the status line is 66 box-drawing rules, a space, the count and ' found'") {
  CHECK(status_line(10) == rule() + " 10 found\r\n");
  CHECK(status_line(0) == rule() + " 0 found\r\n");
  CHECK(status_line(98263, LineEnd::lf) == rule() + " 98263 found\n");
  CHECK(status_line(0).size() == 66 * 3 + std::string(" 0 found\r\n").size());
}

TEST_CASE("render: the label length follows the digit count") {
  CHECK(code_point_label_length(0x20) == 6);
  CHECK(code_point_label_length(0xFFFF) == 6);
  CHECK(code_point_label_length(0x10000) == 7);
  CHECK(code_point_label_length(0xFFFFF) == 7);
  CHECK(code_point_label_length(0x100000) == 8);
}
