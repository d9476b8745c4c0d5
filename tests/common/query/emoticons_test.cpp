// Emoticons: a query that is one (`:)`, `<3`, `;-)`) finds its emoji, on
// every front end and in either order; emoticon-like junk does not, and
// a word that names hold is searched as the original did.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "mojifinder/data/unicode_names.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/query/ranked_results.hpp"
#include "mojifinder/query/results.hpp"
#include "support/http_client.hpp"
#include "support/oracles.hpp"
#include "support/session.hpp"

using namespace mojifinder;
using namespace mojifinder::test;

namespace {

const NameIndex& index() { return embedded_name_index(); }

// What names alone find, as the original searched.
std::vector<Result> by_names(std::string_view query) {
  WordList words;
  words.split(query);
  std::vector<EntryId> scratch;
  const auto found = search(index(), words, scratch);
  return {found.begin(), found.end()};
}

std::u32string characters_of(const NameIndex& built, Result result) {
  const auto cps = built.code_points_of(result);
  return {cps.begin(), cps.end()};
}

std::vector<std::u32string> found(const NameIndex& built, std::string_view query) {
  std::string error;
  std::vector<std::u32string> out;
  for (const auto result : find_all(built, query, error)) out.push_back(characters_of(built, result));
  INFO(query, ": ", error);
  CHECK(error.empty());
  return out;
}

// The emoji in relevance order, through the answer a page asks for.
std::vector<std::u32string> ranked(std::string_view query) {
  RankedResults results;
  REQUIRE_FALSE(results.start(index(), query, nullptr, Order::relevance, 0));
  std::vector<std::u32string> out;
  std::array<Result, 64> batch;
  while (!results.done()) {
    const auto n = results.next(batch);
    for (std::size_t i = 0; i < n; ++i) out.push_back(characters_of(index(), batch[i]));
  }
  return out;
}

}  // namespace

TEST_CASE("emoticons: a file of them reads as written, and a malformed line names the file and the line") {
  const auto read = parse_emoticons("# Emoticons\n# code points<TAB>emoticons\n\n1F642\t:)\n1F606\txD XD\n2639 FE0F\t:(\n1F636\t:#\n",
                                    "emoticons.txt");
  const std::vector<EmojiEmoticons> expected{{U"\U0001F642", {":)"}},
                                             {U"\U0001F606", {"xD", "XD"}},
                                             {U"\u2639\uFE0F", {":("}},
                                             {U"\U0001F636", {":#"}}};
  CHECK(read == expected);
  CHECK_THROWS_WITH_AS(parse_emoticons("1F642 :)\n", "e.txt"), "e.txt:1: expected 'code points<TAB>emoticons'", UcdError);
  CHECK_THROWS_WITH_AS(parse_emoticons("1F642\t\n", "e.txt"), "e.txt:1: no emoticons", UcdError);
  CHECK_THROWS_WITH_AS(parse_emoticons("\n1F642\t:\xC2\xA0)\n", "e.txt"),
                       "e.txt:2: emoticon ':\xC2\xA0)' holds more than printable ASCII", UcdError);
  CHECK_THROWS_WITH_AS(parse_emoticons("XYZ\t:)\n", "e.txt"), "e.txt:1: bad code point 'XYZ'", UcdError);
}

TEST_CASE("emoticons: an index built with them finds each emoji by each, with a nose or without, and one the UCD "
          "lacks is left out") {
  UnicodeNames names = parse_derived_names(
      "1F606;SMILING FACE WITH OPEN MOUTH AND TIGHTLY-CLOSED EYES\n1F642;SLIGHTLY SMILING FACE\n2639;WHITE FROWNING FACE\n"
      "0058;LATIN CAPITAL LETTER X\n",
      "names");
  names.sequences = {{U"\u2639\uFE0F", "frowning face"}};
  names.emoticons = parse_emoticons("1F642\t:)\n1F606\txD XD\n2639 FE0F\t:(\n1FAE9\t:]\n", "emoticons");
  const auto built = NameIndex::build(names);
  CHECK(found(built, ":)") == std::vector<std::u32string>{U"\U0001F642"});
  CHECK(found(built, ":-)") == std::vector<std::u32string>{U"\U0001F642"});
  CHECK(found(built, "xD") == std::vector<std::u32string>{U"\U0001F606"});
  CHECK(found(built, "XD") == std::vector<std::u32string>{U"\U0001F606"});
  CHECK(found(built, ":(") == std::vector<std::u32string>{U"\u2639\uFE0F"});
  // Emoticons are as listed: `xd` is not one, nor is the emoji the UCD
  // lacks found by its.
  CHECK(found(built, "xd").empty());
  CHECK(found(built, ":]").empty());
  // An emoticon is no word of its emoji's names, nor an alias.
  CHECK(found(built, ")").empty());
}

TEST_CASE("emoticons: every emoticon of emojibase finds exactly the emoji listed for it, with or without a nose, in "
          "either order") {
#if MOJIFINDER_DATA_FROM_DEBIAN
  MESSAGE("the index is built from Debian's data: emojibase's emoticons are checked with the npm data");
#else
  std::ifstream file(MOJIFINDER_EMOTICONS_FILE);
  REQUIRE(file);
  std::stringstream text;
  text << file.rdbuf();
  const auto listed = parse_emoticons(text.str(), MOJIFINDER_EMOTICONS_FILE);
  std::map<std::string, std::vector<std::u32string>> emoji_of;
  for (const auto& emoji : listed) {
    for (const auto& emoticon : emoji.emoticons) emoji_of[emoticon].push_back(emoji.code_points);
  }
  REQUIRE(emoji_of.size() > 40);
  std::size_t words_of_names = 0;
  for (auto& [emoticon, emoji] : emoji_of) {
    CAPTURE(emoticon);
    // A word that names hold (letters and digits only) is the original's.
    if (std::all_of(emoticon.begin(), emoticon.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }) &&
        !by_names(emoticon).empty()) {
      std::string error;
      CHECK(find_all(index(), emoticon, error) == by_names(emoticon));
      ++words_of_names;
      continue;
    }
    std::sort(emoji.begin(), emoji.end(), [](const auto& a, const auto& b) {
      return entry_with_code_points(index(), a) < entry_with_code_points(index(), b);
    });
    CHECK(found(index(), emoticon) == emoji);
    CHECK(ranked(emoticon) == emoji);
    // With a nose, where it goes: after the eyes, before the mouth.
    if (emoticon.size() == 2 && (emoticon[0] == ':' || emoticon[0] == ';')) {
      CHECK(found(index(), emoticon.substr(0, 1) + "-" + emoticon.substr(1)) == emoji);
    }
  }
  CHECK(words_of_names < 4);
#endif
}

TEST_CASE("emoticons: the session and HTTP answer one on exact bytes, and junk, a word, or one inside words is searched "
          "as words") {
  const auto smiling = *index().find(U'\U0001F642');
  Session session;
  std::string answer;
  append_answer(answer, index(), std::vector<Result>{smiling}, LineEnd::crlf);
  CHECK(session.say(":)") == answer + "?> ");
  CHECK(session.say("  :-)  ") == answer + "?> ");
  Client client;
  std::string json;
  append_answer(json, index(), std::vector<Result>{smiling}, LineEnd::crlf, AnswerFormat::json_array);
  std::string bytes = client.send("GET /search?q=%3A%29 HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto response = take_response(bytes);
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(response->body == json);
  // What is not an emoticon is searched as before: a shortcode's error,
  // two noses, a nose alone, and an emoticon among words.
  CHECK(session.say("::::").starts_with("error: no emoji has the shortcode ::::: "));
  CHECK(session.say(std::string(1000, ':')).starts_with("error: "));
  const auto as_words = [&](std::string_view query) {
    std::string error;
    const auto results = find_all(index(), query, error);
    return std::find(results.begin(), results.end(), smiling) == results.end();
  };
  CHECK(as_words(":--)"));
  CHECK(as_words("-)"));
  CHECK(as_words("i :) you"));
  const auto heart = *index().find(U'\u2764');
  std::string error;
  const auto words = find_all(index(), "i<3you", error);
  CHECK(std::find(words.begin(), words.end(), heart) == words.end());
}
