#include "mojifinder/line/command.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "support/oracles.hpp"

using namespace mojifinder;
using Kind = Command::Kind;

TEST_CASE("command: each command, and its argument") {
  CHECK(parse_command("/help").kind == Kind::help);
  CHECK(parse_command("/quit").kind == Kind::quit);
  CHECK(parse_command("/more").kind == Kind::more);
  CHECK(parse_command("/stats").kind == Kind::stats);
  const auto limit = parse_command("/limit\t 25");
  CHECK(limit.kind == Kind::limit);
  CHECK(limit.limit == 25);
  CHECK(parse_command("/limit 0").limit == 0);
  CHECK(parse_command("/limit 1000000").kind == Kind::limit);
  CHECK(parse_command("/format json").format == AnswerFormat::json);
  CHECK(parse_command("/format text").format == AnswerFormat::text);
}

TEST_CASE("command: what is not one gets a clear error") {
  const std::string bad_limit = "error: /limit takes a number of results from 0 (no limit) to 1000000";
  CHECK(error_text(parse_command("/limit").error) == bad_limit);
  CHECK(error_text(parse_command("/limit -1").error) == bad_limit);
  CHECK(error_text(parse_command("/limit 12x").error) == bad_limit);
  CHECK(error_text(parse_command("/limit 1000001").error) == bad_limit);
  CHECK(error_text(parse_command("/limit 99999999999999999999999").error) == bad_limit);
  CHECK(error_text(parse_command("/format").error) == "error: /format takes text or json");
  CHECK(error_text(parse_command("/format JSON").error) == "error: /format takes text or json");
  CHECK(error_text(parse_command("/quit now").error) == "error: /quit takes no argument");
  CHECK(error_text(parse_command("/").error) == "error: unknown command / (/help lists them)");
  CHECK(error_text(parse_command("/Help").error) == "error: unknown command /Help (/help lists them)");
  CHECK(parse_command("/Help").kind == Kind::invalid);
}

TEST_CASE("command: the help names every command") {
  const auto help = help_text();
  for (const auto name : {"/help", "/quit", "/limit N", "/more", "/format text|json", "/stats", "smil*", "U+1F600"}) {
    CHECK(help.find(name) != std::string_view::npos);
  }
  CHECK(help.ends_with("\n"));
}

TEST_CASE("command: README shows the same help as /help") {
  std::ifstream file(MOJIFINDER_SOURCE_DIR "/README.md");
  const std::string readme{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  const std::string intro = "`/help` prints:\n\n```\n";
  const auto start = readme.find(intro);
  REQUIRE(start != std::string::npos);
  const auto from = start + intro.size();
  const auto end = readme.find("```", from);
  REQUIRE(end != std::string::npos);
  CHECK(readme.substr(from, end - from) == help_text());
}
