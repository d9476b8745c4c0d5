// The rule of relevance order where it weighs what an entry is rather than
// how its fields match: an emoji with a skin tone after the plain ones.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "mojifinder/embedded_index.hpp"
#include "mojifinder/query/ranked_results.hpp"
#include "support/ranked.hpp"

using namespace mojifinder;
using namespace mojifinder::test;

namespace {

const NameIndex& index() { return embedded_name_index(); }

bool toned(EntryId id) { return test::has_skin_tone(index(), id); }

}  // namespace

TEST_CASE("relevance: an emoji with a skin tone comes after every plain result, unless the query names a tone") {
  // Words of hands and people, whose emoji come in five tones beside the
  // plain one: none of the tones before the last plain result.
  std::size_t answers = 0;
  for (const char* query : {"love", "clapping", "thumbs up", "hand", "cap", "hug", "man", "wave", "ok"}) {
    CAPTURE(query);
    const auto answer = ranked_answer(index(), query, nullptr, 200);
    const auto first_tone = std::find_if(answer.begin(), answer.end(), toned);
    if (first_tone == answer.end()) continue;
    ++answers;
    const auto plain_after = std::find_if_not(first_tone, answer.end(), toned);
    if (plain_after != answer.end()) {
      FAIL_CHECK(index().name(*plain_after) << " after " << index().name(*first_tone));
    }
  }
  CHECK(answers >= 7);
  // A tone asked for, the toned emoji come first.
  for (const char* query : {"thumbs up dark", "clapping medium skin tone", "waving hand light"}) {
    CAPTURE(query);
    const auto answer = ranked_answer(index(), query, nullptr, 5);
    REQUIRE_FALSE(answer.empty());
    CHECK(toned(answer.front()));
  }
  const auto thumbs = ranked_answer(index(), "thumbs up", nullptr, 5);
  REQUIRE_FALSE(thumbs.empty());
  CHECK(index().code_points_of(thumbs.front())[0] == 0x1F44D);
  // A tone's own words: the modifiers first, then the toned emoji.
  const auto tone = ranked_answer(index(), "medium skin tone", nullptr, 20);
  REQUIRE(tone.size() >= 20);
  CHECK(index().code_points_of(tone.front())[0] == 0x1F3FD);
  CHECK(std::all_of(tone.begin(), tone.begin() + 20, toned));
}

TEST_CASE("relevance: a word written without spaces counts as a keyword only where it is one by itself") {
  const auto* ja = index().find_locale("ja");
  const auto* de = index().find_locale("de");
  REQUIRE(ja != nullptr);
  REQUIRE(de != nullptr);
  // A table lists a word for each keyword that holds it: 星 for ⭐'s 星
  // and for the end of ☄'s 彗星, stern for ⭐'s Stern and for ⋆'s
  // Stern-Operator. It marks where the word is the whole keyword. Words
  // are folded to upper case, as names' are.
  const auto whole = [](const NameIndex::Locale& locale, std::string_view word, char32_t c) {
    const auto list = locale.words().find(word);
    REQUIRE_FALSE(list.empty());
    const auto id = index().find(c);
    REQUIRE(id.has_value());
    // In the list, whole or not.
    REQUIRE(std::binary_search(list.begin(), list.end(), *id));
    return has_whole_keyword(&locale, word, *id);
  };
  CHECK(whole(*ja, "星", U'\u2B50'));
  CHECK_FALSE(whole(*ja, "星", U'\u2604'));
  CHECK(whole(*de, "STERN", U'\u2B50'));
  CHECK_FALSE(whole(*de, "STERN", U'\u22C6'));
  // Nor does the mark reach past its list.
  CHECK_FALSE(ja->is_whole_keyword(ja->words().find("星"), ja->words().find("星").size()));
  // So 星 finds ⭐ before ☄, which code point order puts first.
  const auto answer = ranked_answer(index(), "星", ja);
  const auto place = [&](char32_t c) {
    return std::find_if(answer.begin(), answer.end(),
                        [&](EntryId id) { return index().code_points_of(id).size() == 1 && index().code_points_of(id)[0] == c; }) -
           answer.begin();
  };
  CHECK(place(U'\u2B50') < place(U'\u2604'));
  CHECK(place(U'\u2604') < static_cast<std::ptrdiff_t>(answer.size()));
}

TEST_CASE("relevance: a name that is the query comes after a shortcode or CLDR name that is, when CLDR names no such character") {
  // ☇ LIGHTNING is named so, and CLDR has no name for it; 🌩's shortcode is
  // :lightning:. In code point order ☇ comes first.
  const auto lightning = ranked_answer(index(), "lightning", nullptr, 5);
  REQUIRE(lightning.size() >= 2);
  CHECK(index().code_points_of(lightning[0])[0] == 0x1F329);
  CHECK(index().code_points_of(lightning[1])[0] == 0x2607);
  // Where CLDR names the character too, its name is as strong as ever:
  // FIRE is 🔥's, before FIRE ENGINE and TRIGRAM FOR FIRE.
  const auto fire = ranked_answer(index(), "fire", nullptr, 1);
  REQUIRE_FALSE(fire.empty());
  CHECK(index().code_points_of(fire.front())[0] == 0x1F525);
}
