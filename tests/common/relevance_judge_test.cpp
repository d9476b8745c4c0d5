// The judge of relevance order from the inside: the figures the image
// keeps for it, and that judging from them agrees with reading the text.
#include "relevance.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "mojifinder/embedded_index.hpp"
#include "mojifinder/fold.hpp"
#include "mojifinder/results.hpp"
#include "mojifinder/words.hpp"
#include "support/oracles.hpp"

using namespace mojifinder;

namespace {

const NameIndex& index() { return embedded_name_index(); }

struct Searched {
  std::vector<Result> results;
  bool names_hold_every_word = false;
};

Searched search(std::string_view query, const NameIndex::Locale* language) {
  Results results;
  const auto error = results.start(index(), query, language);
  INFO(query, ": ", error_text(error));
  REQUIRE_FALSE(error);
  Searched out;
  std::array<Result, 256> batch;
  while (!results.done()) {
    const auto n = results.next(batch);
    out.results.insert(out.results.end(), batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(n));
  }
  REQUIRE_FALSE(results.listed());
  out.names_hold_every_word = results.names_hold_every_word();
  return out;
}

}  // namespace

TEST_CASE("relevance judge: each entry's words, as the image counts them for judging") {
  const auto* english = index().find_locale("en");
  REQUIRE(english != nullptr);
  std::size_t with_english = 0;
  for (EntryId id = 0; id < index().size(); ++id) {
    const auto name = index().name(id);
    const auto words = id < index().single_count() ? split_words(name).size() : fold_words(name).size();
    if (index().name_word_count(id) != std::min<std::size_t>(words, 255)) {
      FAIL_CHECK(name << ": " << int{index().name_word_count(id)} << " words counted, not " << words);
    }
    const auto short_name = english->short_name(id);
    const auto english_words = short_name.empty() ? 0 : fold_words(short_name).size();
    if (index().english_word_count(id) != english_words) {
      FAIL_CHECK(name << " (" << short_name << "): " << int{index().english_word_count(id)} << " English words counted, not "
                      << english_words);
    }
    with_english += english_words > 0;
  }
  // Every emoji has an English short name; most characters do not.
  CHECK(with_english > 3000);
  CHECK(with_english < index().size() / 4);
  CHECK(index().name_word_count(*index().find(U'\U0001F431')) == 2);  // CAT FACE
  CHECK(index().name_word_count(*index().find(U'\u00C0')) == 6);      // LATIN CAPITAL LETTER A WITH GRAVE
  CHECK(index().english_word_count(*index().find(U'\U0001F431')) == 2);  // cat face
  CHECK(index().english_word_count(*index().find(U'\u0915')) == 0);      // DEVANAGARI LETTER KA
}

TEST_CASE("relevance judge: the image's figures never promise less than a result scores, and counting a name "
          "scores it as reading it") {
  // Whether the search's results are the names' own, each holding every
  // word whole: plain words of names only, and not an alias beside them
  // (ZWJ, NULL), a prefix, or a language.
  struct Case {
    const char* query;
    const char* language;
    bool counted;
  };
  const Case cases[] = {
      {"letter", nullptr, true},        {"cat face", nullptr, true},   {"face cat", nullptr, true},
      {"smil*", nullptr, false},        {"small letter a", nullptr, true}, {"block:arrows double", nullptr, true},
      {"heart", nullptr, true},         {"flag", nullptr, true},       {"zwj", nullptr, false},
      {"null", nullptr, false},         {"sign sign", nullptr, true},  {"latin capital letter a with grave", nullptr, true},
      {"chat", "fr", false},            {"cœur", "fr", false},         {"visage", "fr", false},
      {"katze", "de", false},           {"猫", "ja", false},           {"flag", "en", false},
      {"cat", "en", false},             {"letter", "fr", false},
  };
  std::size_t judged = 0, counted = 0;
  for (const auto& one : cases) {
    // Named, not bound: INFO captures them (clang 14 cannot capture a
    // structured binding).
    const auto* query = one.query;
    const auto* code = one.language;
    const bool counted_name = one.counted;
    const auto* language = code ? index().find_locale(code) : nullptr;
    INFO(query, " in ", code ? code : "names only");
    const auto searched = search(query, language);
    REQUIRE_FALSE(searched.results.empty());
    CHECK(searched.names_hold_every_word == counted_name);
    query_detail::RelevanceJudge judge, reading;
    judge.start(index(), language, query, searched.names_hold_every_word);
    reading.start(index(), language, query, false);
    for (const auto id : searched.results) {
      const auto score = judge.score(id);
      if (judge.best_possible(id) < score) {
        FAIL_CHECK(index().name(id) << ": at best " << judge.best_possible(id) << ", scored " << score);
      }
      if (searched.names_hold_every_word && reading.score(id) != score) {
        FAIL_CHECK(index().name(id) << ": counted " << score << ", read " << reading.score(id));
      }
      ++judged;
    }
    counted += searched.names_hold_every_word;
  }
  CHECK(judged > 20000);
  CHECK(counted == 9);
}
