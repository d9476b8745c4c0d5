// Pasted text: an emoji sequence of the index is identified whole, with
// or without U+FE0F; other characters one by one, in the order pasted.
// Cases are every sequence of the index.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "mojifinder/embedded_index.hpp"
#include "mojifinder/utf8.hpp"
#include "support/oracles.hpp"

using namespace mojifinder;

namespace {

const NameIndex& index() { return embedded_name_index(); }

std::vector<Result> found(std::string_view query) {
  std::string error;
  auto results = find_all(index(), query, error);
  INFO(query, ": ", error);
  CHECK(error.empty());
  return results;
}

std::string text_of(EntryId id, bool with_selector) {
  std::string out;
  for (const auto cp : index().code_points_of(id)) {
    if (cp != 0xFE0F || with_selector) utf8::append(out, cp);
  }
  return out;
}

}  // namespace

TEST_CASE("pasted text: every emoji sequence of the index, pasted, is that sequence, with U+FE0F or without") {
  std::size_t without_selector = 0;
  for (auto id = static_cast<EntryId>(index().single_count()); id < index().size(); ++id) {
    const auto pasted = text_of(id, true);
    CAPTURE(index().name(id));
    CHECK(found(pasted) == std::vector<Result>{id});
    // Without U+FE0F, unless that leaves one character (❤ is HEAVY BLACK
    // HEART, ❤️ the red heart).
    const auto bare = text_of(id, false);
    std::size_t code_points = 0;
    for (const auto cp : index().code_points_of(id)) code_points += cp != 0xFE0F;
    if (bare == pasted || code_points < 2) continue;
    ++without_selector;
    CHECK(found(bare) == std::vector<Result>{id});
  }
  MESSAGE(without_selector, " sequences also pasted without U+FE0F");
  CHECK(without_selector > 100);
}

TEST_CASE("pasted text: sequences and characters come in the order pasted, one result each") {
  const auto japan = found("\U0001F1EF\U0001F1F5");
  const auto thumbs = found("\U0001F44D\U0001F3FD");
  const auto family = found("\U0001F468\u200D\U0001F469\u200D\U0001F467");
  REQUIRE(japan.size() == 1);
  REQUIRE(thumbs.size() == 1);
  REQUIRE(family.size() == 1);
  const auto a = *index().find(U'a');
  const auto euro = *index().find(U'€');
  CHECK(found("a\U0001F1EF\U0001F1F5€\U0001F44D\U0001F3FD\U0001F468\u200D\U0001F469\u200D\U0001F467") ==
        std::vector<Result>{a, japan[0], euro, thumbs[0], family[0]});
  // A lone regional indicator, or a modifier alone, is itself.
  CHECK(found("\U0001F1EF") == std::vector<Result>{*index().find(0x1F1EF)});
  CHECK(found("\U0001F3FD") == std::vector<Result>{*index().find(0x1F3FD)});
  // ❤ alone is the character; ❤️ the sequence.
  CHECK(found("\u2764") == std::vector<Result>{*index().find(0x2764)});
  CHECK(found("\u2764\uFE0F").size() == 1);
  CHECK(found("\u2764\uFE0F") != found("\u2764"));
}

TEST_CASE("pasted text: a word beyond ASCII is searched as words first, identified only when they find nothing") {
  // PINATA's name, folded: the word, not its six letters.
  CHECK(found("piñata") == std::vector<Result>{*index().find(0x1FA85)});
  // English keywords count, as they do when names find nothing: CLDR 48
  // gives ☕ the keyword café (Debian's CLDR 41 does not, and the letters
  // are identified).
  const auto coffee = found("café");
  const auto cafe = index().find_locale("en")->words().find("CAFE");
  if (std::find(cafe.begin(), cafe.end(), *index().find(0x2615)) != cafe.end()) {
    CHECK(std::find(coffee.begin(), coffee.end(), *index().find(0x2615)) != coffee.end());
  } else {
    std::vector<Result> cafe_letters;
    for (const char32_t cp : {U'c', U'a', U'f', U'é'}) cafe_letters.push_back(*index().find(cp));
    CHECK(coffee == cafe_letters);
  }
  // No word: the characters, in order.
  std::vector<Result> letters;
  for (const char32_t cp : {U'n', U'a', U'ï', U'v', U'e'}) letters.push_back(*index().find(cp));
  CHECK(found("naïve") == letters);
  // A character alone is identified at once, even where it folds to a word.
  CHECK(found("é") == std::vector<Result>{*index().find(U'é')});
  CHECK(found("Ω") == std::vector<Result>{*index().find(U'Ω')});
}
