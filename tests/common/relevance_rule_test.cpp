// The rule of relevance order where it weighs what an entry is rather than
// how its fields match: an emoji with a skin tone after the plain ones.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "mojifinder/embedded_index.hpp"
#include "mojifinder/ranked_results.hpp"
#include "support/ranked.hpp"

using namespace mojifinder;
using namespace mojifinder::test;

namespace {

const NameIndex& index() { return embedded_name_index(); }

bool has_skin_tone(EntryId id) {
  const auto code_points = index().code_points_of(id);
  return std::any_of(code_points.begin(), code_points.end(), [](std::uint32_t c) { return c >= 0x1F3FB && c <= 0x1F3FF; });
}

}  // namespace

TEST_CASE("relevance: an emoji with a skin tone comes after every plain result, unless the query names a tone") {
  // Words of hands and people, whose emoji come in five tones beside the
  // plain one: none of the tones before the last plain result.
  std::size_t answers = 0;
  for (const char* query : {"love", "clapping", "thumbs up", "hand", "cap", "hug", "man", "wave", "ok"}) {
    CAPTURE(query);
    const auto answer = ranked_answer(index(), query, nullptr, 200);
    const auto first_tone = std::find_if(answer.begin(), answer.end(), has_skin_tone);
    if (first_tone == answer.end()) continue;
    ++answers;
    const auto plain_after = std::find_if_not(first_tone, answer.end(), has_skin_tone);
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
    CHECK(has_skin_tone(answer.front()));
  }
  const auto thumbs = ranked_answer(index(), "thumbs up", nullptr, 5);
  REQUIRE_FALSE(thumbs.empty());
  CHECK(index().code_points_of(thumbs.front())[0] == 0x1F44D);
  // A tone's own words: the modifiers first, then the toned emoji.
  const auto tone = ranked_answer(index(), "medium skin tone", nullptr, 20);
  REQUIRE(tone.size() >= 20);
  CHECK(index().code_points_of(tone.front())[0] == 0x1F3FD);
  CHECK(std::all_of(tone.begin(), tone.begin() + 20, has_skin_tone));
}
