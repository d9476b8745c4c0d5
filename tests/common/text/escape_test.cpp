#include "mojifinder/text/escape.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <random>

#include "support/reply_checks.hpp"

using namespace mojifinder;

namespace {

std::string terminal(std::string_view text) {
  std::string out;
  append_terminal_text(out, text);
  return out;
}

std::string json(std::string_view text) {
  std::string out;
  append_json_text(out, text);
  return out;
}

std::string logged(std::string_view text) {
  std::string out;
  append_log_quoted(out, text);
  return out;
}

}  // namespace

TEST_CASE("escape: what is disruptive: controls, bidirectional controls, line and paragraph separators") {
  for (char32_t cp = 0; cp < 0x20; ++cp) CHECK(is_disruptive(cp));
  for (char32_t cp = 0x7F; cp <= 0x9F; ++cp) CHECK(is_disruptive(cp));
  for (const char32_t cp : {0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066,
                            0x2067, 0x2068, 0x2069}) {
    CHECK(is_disruptive(cp));
  }
  for (const char32_t cp : {0x20, 0x41, 0x7E, 0xA0, 0xE9, 0x200D, 0x2027, 0x202F, 0x2065, 0x206A, 0xFEFF, 0x1F600}) {
    CHECK_FALSE(is_disruptive(cp));
  }
}

TEST_CASE("escape: for a terminal, disruptive characters and bytes that are not UTF-8 are named") {
  CHECK(terminal("cat face") == "cat face");
  CHECK(terminal("caf\u00E9 \U0001F431") == "caf\u00E9 \U0001F431");
  CHECK(terminal("a\tb\x1B[31m\u0085\u202E\u2028\x7F") == "a<U+0009>b<U+001B>[31m<U+0085><U+202E><U+2028><U+007F>");
  CHECK(terminal("\xFF\xC0\x80") == "<0xFF><0xC0><0x80>");
}

TEST_CASE("escape: JSON text that strict parsers take, one line on any terminal") {
  CHECK(json("a\"b\\c") == "a\\\"b\\\\c");
  CHECK(json("\x01\n\u0085\u2028\u202E") == "\\u0001\\u000a\\u0085\\u2028\\u202e");
  CHECK(json("\xFF") == "\uFFFD");
  std::string out;
  append_json_string(out, std::u32string{0xD800, 0x41, 0xDFFF, 0x1F600});
  CHECK(out == "\"\\ufffdA\\ufffd\U0001F600\"");
  // Random bytes: always a valid JSON string of valid UTF-8.
  std::mt19937 random(7);
  for (int i = 0; i < 2000; ++i) {
    std::string bytes(std::uniform_int_distribution<std::size_t>(0, 40)(random), '\0');
    for (auto& b : bytes) b = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(random));
    const auto line = "{\"x\":\"" + json(bytes) + "\"}";
    CHECK(test::check_json_line(line).empty());
    CHECK(test::check_log_line(line).empty());
  }
}

TEST_CASE("escape: a log line reads like Python's repr, and holds nothing a terminal obeys") {
  CHECK(logged("cat face") == "'cat face'");
  CHECK(logged("it's \\ \t\r\n") == "'it\\'s \\\\ \\t\\r\\n'");
  CHECK(logged("\x1B[2J\x7F\u009B\u0085") == "'\\x1b[2J\\x7f\\x9b\\x85'");
  CHECK(logged("\u202E\u2028\u061C") == "'\\u202e\\u2028\\u061c'");
  CHECK(logged("caf\u00E9 \xFF") == "'caf\u00E9 \\udcff'");
  std::mt19937 random(11);
  for (int i = 0; i < 2000; ++i) {
    std::string bytes(std::uniform_int_distribution<std::size_t>(0, 40)(random), '\0');
    for (auto& b : bytes) b = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(random));
    CHECK(test::check_log_line(logged(bytes)).empty());
    CHECK(test::check_log_line(terminal(bytes)).empty());
  }
}
