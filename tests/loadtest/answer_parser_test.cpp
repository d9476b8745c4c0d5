#include "answer_parser.hpp"

#include <doctest/doctest.h>

#include <string>

using mojifinder::loadtest::AnswerParser;

namespace {

std::string status_line(std::size_t count) {
  std::string line;
  for (int i = 0; i < 66; ++i) line += "\u2500";
  return line + " " + std::to_string(count) + " found\r\n";
}

const std::string euro = "U+20AC\t\u20AC\tEURO SIGN\r\n";
const std::string dollar = "U+0024\t$\tDOLLAR SIGN\r\n";

// The prompt, then an answer of two results and one of none.
std::string two_answers() { return "?> " + euro + dollar + status_line(2) + "?> " + status_line(0) + "?> "; }

}  // namespace

TEST_CASE("answer parser: well-framed answers are counted with their results") {
  AnswerParser parser;
  CHECK_FALSE(parser.greeted());
  const auto progress = parser.feed(two_answers());
  CHECK(parser.greeted());
  CHECK(progress.answers == 2);
  CHECK(progress.results == 2);
  CHECK(progress.bad_answers == 0);
}

TEST_CASE("answer parser: the same bytes cut at every place give the same count") {
  const auto bytes = two_answers();
  for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
    for (std::size_t second_cut = cut; second_cut <= bytes.size(); second_cut += 7) {
      AnswerParser parser;
      AnswerParser::Progress total;
      for (const auto& piece : {bytes.substr(0, cut), bytes.substr(cut, second_cut - cut), bytes.substr(second_cut)}) {
        const auto p = parser.feed(piece);
        total.answers += p.answers, total.bad_answers += p.bad_answers, total.results += p.results;
      }
      INFO("cut at " << cut << " and " << second_cut);
      CHECK(total.answers == 2);
      CHECK(total.results == 2);
      CHECK(total.bad_answers == 0);
    }
  }
}

TEST_CASE("answer parser: a status count that disagrees with the lines is a bad answer") {
  AnswerParser parser;
  const auto progress = parser.feed("?> " + euro + status_line(2) + "?> ");
  CHECK(progress.answers == 0);
  CHECK(progress.bad_answers == 1);
}

TEST_CASE("answer parser: an emoji sequence's line, its code points one space apart, is a result") {
  AnswerParser parser;
  const std::string thumbs = "U+1F44D U+1F3FD\t\U0001F44D\U0001F3FD\tthumbs up: medium skin tone\r\n";
  const auto progress = parser.feed("?> " + thumbs + euro + status_line(2) + "?> ");
  CHECK(progress.answers == 1);
  CHECK(progress.results == 2);
  for (const auto* broken : {"U+1F44D  U+1F3FD\tx\tx\r\n", "U+1F44D U+\tx\tx\r\n", "U+1F44D U+1F3FDX\tx\tx\r\n",
                             "U+1234567\tx\tx\r\n", "U+1F44D U+1F3FD\r\n"}) {
    AnswerParser bad;
    CAPTURE(broken);
    CHECK(bad.feed("?> " + std::string(broken) + status_line(1) + "?> ").bad_answers == 1);
  }
}

TEST_CASE("answer parser: malformed lines spoil their answer, and the next one counts again") {
  SUBCASE("a line that is not a result") {
    AnswerParser parser;
    const auto progress = parser.feed("?> hello\r\n" + status_line(1) + "?> " + euro + status_line(1) + "?> ");
    CHECK(progress.bad_answers == 1);
    CHECK(progress.answers == 1);
  }
  SUBCASE("a line ended by a bare LF") {
    AnswerParser parser;
    const auto progress = parser.feed("?> U+20AC\t\u20AC\tEURO SIGN\n" + status_line(1) + "?> ");
    CHECK(progress.bad_answers == 1);
    CHECK(progress.answers == 0);
  }
  SUBCASE("something else where the prompt belongs") {
    AnswerParser parser;
    // The missing prompt counts against the answer before it; the line it
    // is glued to is no result line either, so the next answer is bad too.
    const auto progress = parser.feed("?> " + euro + status_line(1) + "!! " + euro + status_line(1) + "?> " +
                                      dollar + status_line(1) + "?> ");
    CHECK(progress.answers == 2);
    CHECK(progress.bad_answers == 2);
  }
  SUBCASE("a status line with a broken rule") {
    AnswerParser parser;
    auto broken = status_line(1);
    broken.replace(3, 3, "---");
    const auto progress = parser.feed("?> " + euro + broken + status_line(2) + "?> ");
    CHECK(progress.answers == 0);
    CHECK(progress.bad_answers == 1);  // the broken rule is read as a malformed result line
  }
}

TEST_CASE("answer parser: an unfinished answer is not counted yet") {
  AnswerParser parser;
  CHECK(parser.feed("?> " + euro).answers == 0);
  const auto rest = status_line(1);
  CHECK(parser.feed(rest.substr(0, 100)).answers == 0);
  const auto progress = parser.feed(rest.substr(100) + "?> ");
  CHECK(progress.answers == 1);
  CHECK(progress.results == 1);
}

TEST_CASE("answer parser: a status line says words found in a language, a typo corrected, or a page of the answer") {
  std::string rule;
  for (int i = 0; i < 66; ++i) rule += "\u2500";
  // Counted; or a status whose count disagrees with the lines (a bad
  // answer, and the next counts); or no status at all (the answer goes on,
  // and the next status ends it, bad).
  enum class Read { counted, disagrees, no_status };
  struct Case {
    std::string status;
    int lines;  // result lines before it
    Read read;
  };
  const Case cases[] = {
      {" 2 found in es", 2, Read::counted},
      {" 2 found in zh_Hant", 2, Read::counted},
      {" 0 found for catt face; showing cat face, 2 found", 2, Read::counted},
      {" 0 found for a, b; showing a b, 2 found", 2, Read::counted},
      {" 9 found, 1 to 2 shown", 2, Read::counted},
      {" 9 found in es, 3 to 4 shown", 2, Read::counted},
      {" 0 found for catt; showing cat, 9 found, 8 to 9 shown", 2, Read::counted},
      {" 2 found in es", 1, Read::disagrees},
      {" 9 found, 1 to 9 shown", 2, Read::disagrees},
      {" 2 found in e s", 2, Read::no_status},  // not a locale's code
      {" 2 found on es", 2, Read::no_status},
      {" 0 found for catt face; showing cat face, many found", 2, Read::no_status},
  };
  for (const auto& [status, lines, read] : cases) {
    CAPTURE(status);
    std::string answer = "?> ";
    for (int i = 0; i < lines; ++i) answer += i % 2 ? dollar : euro;
    AnswerParser parser;
    const auto progress = parser.feed(answer + rule + status + "\r\n?> " + euro + status_line(1) + "?> ");
    const std::uint64_t answers = read == Read::counted ? 2 : read == Read::disagrees ? 1 : 0;
    CHECK(progress.answers == answers);
    CHECK(progress.bad_answers == 2 - answers - (read == Read::no_status ? 1 : 0));
    CHECK(progress.results == (read == Read::counted ? static_cast<std::uint64_t>(lines) + 1 : answers));
  }
}
