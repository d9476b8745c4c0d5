// The query's stages, each alone: given what Results would give it, a
// stage finds, lists or decides as its own file says, a bounded step at a
// time; and the plan tries the fallbacks in their order.
#include <doctest/doctest.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "mojifinder/embedded_index.hpp"
#include "mojifinder/query/stages/match_stage.hpp"
#include "mojifinder/query/stages/plan.hpp"
#include "mojifinder/text/words.hpp"
#include "stages/correction_stage.hpp"
#include "stages/language_stage.hpp"
#include "stages/lead_stage.hpp"
#include "stages/listing_stage.hpp"
#include "stages/gather_stage.hpp"
#include "support/oracles.hpp"

using namespace mojifinder;
using namespace mojifinder::query_detail;

namespace {

const NameIndex& index() { return embedded_name_index(); }

Scope english_scope() {
  return Scope{&index(), nullptr, index().find_locale("en"), false};
}

// Every result of a stage, asked for `batch` at a time with `work` steps
// a call; the calls it took in `calls`.
std::vector<Result> drain(Stage auto& stage, std::size_t batch, std::size_t work_a_call, std::size_t& calls) {
  std::vector<Result> all;
  std::vector<Result> out(batch);
  calls = 0;
  while (!stage.done() && calls < 100'000) {
    std::size_t work = work_a_call;
    const auto n = stage.next(out, work);
    all.insert(all.end(), out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n));
    ++calls;
  }
  return all;
}

std::vector<Result> drain(Stage auto& stage, std::size_t batch = 64, std::size_t work_a_call = work_per_call) {
  std::size_t calls = 0;
  return drain(stage, batch, work_a_call, calls);
}

std::string names_of(std::span<const Result> results) {
  std::string names;
  for (const auto result : results) {
    if (!names.empty()) names += '|';
    names += (result & unnamed_result) ? "unnamed" : std::string(index().name(result));
  }
  return names;
}

std::vector<Result> oracle(std::string_view query) {
  WordList words;
  words.split(query);
  std::vector<EntryId> scratch;
  const auto found = mojifinder::search(index(), words, scratch);
  return {found.begin(), found.end()};
}

}  // namespace

TEST_CASE("the plan: words may be corrected, a line to identify is not, and a fallback is taken once") {
  Plan plan;
  plan.reset();
  CHECK(plan.running == StageId::none);
  plan.add(Fallback::other_fields);
  CHECK(plan.take(Fallback::other_fields));
  CHECK_FALSE(plan.take(Fallback::other_fields));
  CHECK_FALSE(plan.take(Fallback::languages));
  CHECK(plan.take(Fallback::correction));

  plan.reset();
  plan.add(Fallback::identify);
  CHECK_FALSE(plan.take(Fallback::correction));
  CHECK(plan.take(Fallback::identify));

  plan.reset();
  plan.drop(Fallback::correction);
  CHECK_FALSE(plan.take(Fallback::correction));
}

TEST_CASE("the matching stage gives what the names hold, and merges an alias's characters in entry order") {
  const std::array<std::string_view, 2> cat_face{"CAT", "FACE"};
  MatchStage names;
  names.start_names(index(), cat_face, {}, MatchCursor::Constraint{});
  CHECK(names.found_any());
  CHECK(drain(names, 3) == oracle("cat face"));
  CHECK(names.done());

  // ZWJ is an alias of ZERO WIDTH JOINER, whose name does not hold it,
  // and a word of PAHAWH HMONG SIGN ZWJ THAJ's, which comes after it.
  const std::array<std::string_view, 1> zwj{"ZWJ"};
  const auto aliased = index().entries_with_whole_alias(" ZWJ");
  REQUIRE(aliased.size() == 1);
  names.start_names(index(), zwj, aliased, MatchCursor::Constraint{});
  CHECK(names.found_any());
  auto merged = oracle("zwj");
  merged.insert(merged.begin(), aliased.front());
  CHECK(drain(names, 1) == merged);
  CHECK(names_of(merged) == "ZERO WIDTH JOINER|PAHAWH HMONG SIGN ZWJ THAJ");

  const std::array<std::string_view, 1> nothing{"QQQQQ"};
  names.start_names(index(), nothing, {}, MatchCursor::Constraint{});
  CHECK_FALSE(names.found_any());
  CHECK(names.done());
}

TEST_CASE("the gathering stage joins a word's lists over the tables, gathers a prefix a bounded step at a time, and matching walks what it made") {
  const auto scope = english_scope();
  GatherStage gather;
  MatchStage match;
  // Over names alone, the words find what names hold.
  std::vector<std::string_view> words{"FACE", "CAT"};
  REQUIRE_FALSE(gather.start(index(), words, Tables{&index().name_words(), nullptr, nullptr, nullptr}));
  CHECK(gather.every_word_found());
  CHECK(gather.done());  // no prefix: nothing to gather
  CHECK(gather.filter() == nullptr);
  match.start_unions(gather.unions(), gather.filter(), {});
  CHECK(drain(match) == oracle("cat face"));

  // A prefix gathered with little work a call takes many calls, and finds
  // what it finds with the whole work.
  std::vector<std::string_view> prefix{"C*", "FACE"};
  REQUIRE_FALSE(gather.start(index(), prefix, scope.search_tables()));
  drain(gather);
  REQUIRE(gather.filter() != nullptr);
  match.start_unions(gather.unions(), gather.filter(), {});
  const auto whole = drain(match);
  CHECK_FALSE(whole.empty());
  REQUIRE_FALSE(gather.start(index(), prefix, scope.search_tables()));
  std::size_t calls = 0;
  CHECK(drain(gather, 64, 100, calls).empty());
  CHECK(calls > 10);
  match.start_unions(gather.unions(), gather.filter(), {});
  CHECK(drain(match) == whole);

  // A word no table holds: nothing to gather, nothing found.
  std::vector<std::string_view> unknown{"QQQQQ", "CAT"};
  REQUIRE_FALSE(gather.start(index(), unknown, scope.search_tables()));
  CHECK_FALSE(gather.every_word_found());

  std::vector<std::string_view> malformed{"*CAT"};
  const auto error = gather.start(index(), malformed, scope.search_tables());
  REQUIRE(error);
  CHECK(error->code == QueryError::Code::malformed);
}

TEST_CASE("the leads stage gives the characters pasted in order, and skips them among what follows") {
  LeadStage leads;
  leads.start(index(), "×€×");
  CHECK(leads.count() == 3);
  CHECK(leads.skips_any());
  std::size_t calls = 0;
  const auto given = drain(leads, 8, 1, calls);
  CHECK(names_of(given) == "MULTIPLICATION SIGN|EURO SIGN|MULTIPLICATION SIGN");
  CHECK(calls == 3);  // one step a lead

  std::vector<Result> later{given[1], 5, given[0], 7};
  CHECK(leads.skip(later) == 2);
  CHECK(later[0] == 5);
  CHECK(later[1] == 7);

  leads.clear();
  CHECK_FALSE(leads.skips_any());
  CHECK(leads.done());
}

TEST_CASE("the listing stage lists code points and ranges in the order given, named or not, and identifies characters") {
  ListingStage listing;
  REQUIRE_FALSE(listing.start_code_points(index(), "U+41 u+2601..U+2602 U+0378"));
  std::size_t calls = 0;
  const auto listed = drain(listing, 1, 1, calls);
  CHECK(names_of(listed) == "LATIN CAPITAL LETTER A|CLOUD|UMBRELLA|unnamed");
  CHECK(listed.back() == (unnamed_result | 0x378));

  const auto error = listing.start_code_points(index(), "U+2600..U+25FF");
  REQUIRE(error);
  CHECK(error->detail == "the range U+2600..U+25FF runs backwards");
  CHECK(listing.start_code_points(index(), "U+0..U+1000")->code == QueryError::Code::too_many_code_points);

  // A flag pasted whole is one result, the sequence.
  listing.start_identify(index(), "€🇫🇷a");
  CHECK(names_of(drain(listing)) == "EURO SIGN|flag: France|LATIN SMALL LETTER A");
}

TEST_CASE("the languages stage finds the most spoken language that holds every word, and none for words of none") {
  const auto* english = index().find_locale("en");
  LanguageStage languages;
  languages.start(index(), "Gato", english, nullptr);
  CHECK_FALSE(languages.done());
  drain(languages);
  REQUIRE(languages.found() != nullptr);
  CHECK(languages.found()->code() == "es");
  REQUIRE(languages.words().size() == 1);
  CHECK(languages.words()[0] == "GATO");  // folded as the tables are

  // The language given was searched already: the next that holds it.
  const auto* spanish = languages.found();
  languages.start(index(), "gato", english, spanish);
  drain(languages);
  REQUIRE(languages.found() != nullptr);
  CHECK(languages.found() != spanish);

  languages.start(index(), "qqqqzx", english, nullptr);
  std::size_t calls = 0;
  drain(languages, 8, 64, calls);
  CHECK(languages.found() == nullptr);
  CHECK(calls > 1);  // every language looked in, a bounded few a call

  languages.start(index(), "  ", english, nullptr);
  CHECK(languages.done());
}

TEST_CASE("the correction stage replaces a word no table holds by the nearest, keeps the properties, and gives up on a line of noise") {
  const auto scope = english_scope();
  CorrectionStage correction;
  correction.start(index(), "Pecil", "block:dingbats ", scope.fall_back_tables());
  std::size_t calls = 0;
  CHECK(drain(correction, 8, work_per_call, calls).empty());
  CHECK(correction.corrected());
  CHECK(correction.corrected_query() == "block:dingbats pencil");
  CHECK(correction.corrected_words() == "pencil");
  CHECK(correction.asked_query() == "block:dingbats Pecil");

  // A known word is kept; one word corrected is enough.
  correction.start(index(), "red hert", "", scope.fall_back_tables());
  drain(correction);
  CHECK(correction.corrected());
  CHECK(correction.corrected_words() == "red heart");

  // No word replaced: nothing to search.
  correction.start(index(), "red heart", "", scope.fall_back_tables());
  drain(correction);
  CHECK_FALSE(correction.corrected());

  // Five words near nothing are not slips.
  correction.start(index(), "qzxqv wqzxv vqzxw xqzvw zqxvw", "", scope.fall_back_tables());
  drain(correction);
  CHECK_FALSE(correction.corrected());

  correction.start(index(), "", "", scope.fall_back_tables());
  CHECK(correction.done());
}
