// Shortcodes: `:tada:` finds the emoji GitHub's, Slack's or CLDR's set
// names so, on every front end; an unknown one says so.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "mojifinder/data/unicode_names.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/query/results.hpp"
#include "support/http_client.hpp"
#include "support/oracles.hpp"
#include "support/session.hpp"

using namespace mojifinder;
using namespace mojifinder::test;

namespace {

const NameIndex& index() { return embedded_name_index(); }

EntryId entry_of(std::u32string_view code_points) {
  const auto id = entry_with_code_points(index(), code_points);
  REQUIRE(id.has_value());
  return *id;
}

std::vector<Result> answer(std::string_view query) {
  std::string error;
  auto results = find_all(index(), query, error);
  INFO(query, ": ", error);
  CHECK(error.empty());
  return results;
}

}  // namespace

TEST_CASE("shortcodes: a file of them reads as written, and a malformed line names the file and the line") {
  const auto read = parse_shortcodes("# a comment\n\n1F389; tada party_popper\n1F44D ; +1 thumbsup\n2602 FE0F; umbrella # note\n",
                                     "shortcodes.txt");
  const std::vector<EmojiShortcodes> expected{
      {U"\U0001F389", {"tada", "party_popper"}}, {U"\U0001F44D", {"+1", "thumbsup"}}, {U"\u2602\uFE0F", {"umbrella"}}};
  CHECK(read == expected);
  CHECK_THROWS_WITH_AS(parse_shortcodes("1F389 tada\n", "s.txt"), "s.txt:1: expected 'code points; shortcodes'", UcdError);
  CHECK_THROWS_WITH_AS(parse_shortcodes("\n1F389; Tada\n", "s.txt"),
                       "s.txt:2: shortcode 'Tada' holds more than a to z, 0 to 9, _, + and -", UcdError);
  CHECK_THROWS_WITH_AS(parse_shortcodes("1F389;\n", "s.txt"), "s.txt:1: no shortcodes", UcdError);
  CHECK_THROWS_WITH_AS(parse_shortcodes("XYZ; tada\n", "s.txt"), "s.txt:1: bad code point 'XYZ'", UcdError);
}

TEST_CASE("shortcodes: an index built with them finds each emoji by each, and one the UCD lacks is left out") {
  UnicodeNames names = parse_derived_names("1F389;PARTY POPPER\n1F44D;THUMBS UP SIGN\n2602;UMBRELLA\n", "names");
  names.sequences = {{U"\u2602\uFE0F", "umbrella"}};
  names.shortcodes = parse_shortcodes("1F389; tada party_popper\n1F44D; +1\n2602 FE0F; umbrella\n1FAE9; face_with_bags\n",
                                      "shortcodes");
  const auto built = NameIndex::build(names);
  const auto found = [&](std::string_view query) {
    std::string error;
    std::vector<std::u32string> out;
    for (const auto result : find_all(built, query, error)) {
      const auto cps = built.code_points_of(result);
      out.emplace_back(cps.begin(), cps.end());
    }
    return out;
  };
  CHECK(found(":tada:") == std::vector<std::u32string>{U"\U0001F389"});
  CHECK(found(":PARTY_POPPER:") == std::vector<std::u32string>{U"\U0001F389"});
  CHECK(found(":+1:") == std::vector<std::u32string>{U"\U0001F44D"});
  CHECK(found(":umbrella:") == std::vector<std::u32string>{U"\u2602\uFE0F"});
  std::string error;
  CHECK(find_all(built, ":face_with_bags:", error).empty());
  CHECK(error == "error: no emoji has the shortcode :face_with_bags:: GitHub's, Slack's and CLDR's, one between colons "
                 "(:tada:, :+1:, :white_check_mark:)");
  // A shortcode is no word: `tada` alone finds nothing by it.
  CHECK(found("tada").empty());
}

TEST_CASE("shortcodes: the session answers a shortcode, and says when it is unknown or not alone, on exact bytes") {
  Session session;
  std::string tada;
  append_answer(tada, index(), std::vector<Result>{entry_of(U"\U0001F389")}, LineEnd::crlf);
  CHECK(session.say(":tada:") == tada + "?> ");
  CHECK(session.say(":TADA:") == tada + "?> ");
  std::string thumbs;
  append_answer(thumbs, index(), std::vector<Result>{entry_of(U"\U0001F44D")}, LineEnd::crlf);
  CHECK(session.say(":+1:") == thumbs + "?> ");
  CHECK(session.say(":thumbsup:") == thumbs + "?> ");
  CHECK(answer(":white_check_mark:") == std::vector<Result>{entry_of(U"\u2705")});
  CHECK(answer(":flag-jp:") == std::vector<Result>{entry_of(U"\U0001F1EF\U0001F1F5")});
  CHECK(session.say(":nope:") ==
        "error: no emoji has the shortcode :nope:: GitHub's, Slack's and CLDR's, one between colons (:tada:, :+1:, "
        ":white_check_mark:)\r\n?> ");
  CHECK(session.say(":tada: :+1:") ==
        "error: one shortcode a query: GitHub's, Slack's and CLDR's, one between colons (:tada:, :+1:, "
        ":white_check_mark:)\r\n?> ");
  // Two colons or more are a shortcode with nothing or too much between
  // them, told so alike; a colon alone is a word, as before.
  for (const auto* query : {"::", ":::", ":a:b:"}) {
    CAPTURE(query);
    CHECK(session.say(query).starts_with("error: no emoji has the shortcode " + std::string(query) + ": "));
  }
  std::string nothing;
  append_answer(nothing, index(), answer(":"), LineEnd::crlf);
  CHECK(session.say(":") == nothing + "?> ");
}

TEST_CASE("shortcodes: HTTP answers a shortcode, and 400 for an unknown one") {
  Client client;
  std::string tada;
  append_answer(tada, index(), std::vector<Result>{entry_of(U"\U0001F389")}, LineEnd::crlf, AnswerFormat::json_array);
  std::string bytes = client.send("GET /search?q=%3Atada%3A HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto found = take_response(bytes);
  REQUIRE(found);
  CHECK(found->status == 200);
  CHECK(found->body == tada);
  bytes = client.send("GET /search?q=%3Anope%3A HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto unknown = take_response(bytes);
  REQUIRE(unknown);
  CHECK(unknown->status == 400);
  CHECK(unknown->body.find("no emoji has the shortcode :nope:") != std::string::npos);
}
