// The judge of relevance order from the inside: the figures the image
// keeps for it, and that judging from them agrees with reading the text.
#include "relevance.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "mojifinder/embedded_index.hpp"
#include "mojifinder/query/ranked_results.hpp"
#include "mojifinder/query/results.hpp"
#include "mojifinder/text/fold.hpp"
#include "mojifinder/text/words.hpp"
#include "support/judged_by_hand.hpp"
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

TEST_CASE("relevance judge: a name judged from its words' lists scores as reading it, and an answer is ranked by "
          "score, equal scores in entry order") {
  // The hand-written set's queries (in their languages, as the page asks),
  // words of names across the index, and answers of every length: one of
  // 931 results ranked whole, and longer ones ranked their first thousand.
  struct Query {
    std::string text;
    const NameIndex::Locale* language;
  };
  std::vector<Query> queries;
  for (const auto& one : test::hand_judged_cases(MOJIFINDER_SOURCE_DIR "/tests/judged/by_hand.tsv")) {
    queries.push_back({one.query, one.language.empty() ? nullptr : index().find_locale(one.language)});
  }
  for (EntryId id = 0; id < index().size(); id += 997) {
    const auto words = split_words(index().name(id));
    queries.push_back({words.back(), nullptr});
    if (words.size() > 1) queries.push_back({words[words.size() - 2] + " " + words.back(), nullptr});
  }
  for (const char* heavy : {"dark", "letter", "medium skin tone", "sign", "man"}) queries.push_back({heavy, nullptr});
  std::size_t scored = 0, ranked_whole = 0, ranked_first = 0;
  std::array<Result, 256> batch;
  for (const auto& [text, language] : queries) {
    INFO(text, " in ", language ? language->code() : "no language");
    RankedResults ranked;
    if (ranked.start(index(), text, language, Order::relevance, 0)) continue;
    std::vector<Result> answer;
    while (!ranked.done()) {
      const auto n = ranked.next(batch);
      answer.insert(answer.end(), batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(n));
    }
    // What the answer was ranked by: the words searched, in the language
    // they were found in.
    const auto searched = ranked.corrected_query().empty() ? std::string_view(text) : ranked.corrected_query();
    query_detail::RelevanceJudge from_lists, reading;
    from_lists.start(index(), ranked.language(), searched, false);
    reading.start(index(), ranked.language(), searched, false, query_detail::RelevanceJudge::Reading::whole_text);
    std::vector<std::uint32_t> scores;
    for (const auto id : answer) {
      scores.push_back(from_lists.score(id));
      if (reading.score(id) != scores.back()) {
        FAIL_CHECK(index().name(id) << ": from lists " << scores.back() << ", read " << reading.score(id));
      }
    }
    scored += answer.size();
    // Characters pasted lead as given, and an answer of one word's
    // characters identified keeps the query's order: only the rest is
    // ranked. A word query's answer of more than one is ranked through.
    if (answer.size() < 2 || !std::all_of(text.begin(), text.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || c == ' ';
        })) {
      continue;
    }
    const auto ranked_count = std::min(answer.size(), max_ranked);
    for (std::size_t i = 1; i < ranked_count; ++i) {
      if (scores[i - 1] < scores[i] || (scores[i - 1] == scores[i] && answer[i - 1] > answer[i])) {
        FAIL_CHECK(text << " at " << i << ": " << index().name(answer[i - 1]) << " (" << scores[i - 1] << ") before "
                         << index().name(answer[i]) << " (" << scores[i] << ")");
        break;
      }
    }
    (answer.size() > max_ranked ? ranked_first : ranked_whole) += 1;
  }
  MESSAGE(queries.size(), " queries, ", scored, " results scored both ways; ", ranked_whole, " answers ranked whole, ",
          ranked_first, " their first ", max_ranked);
  CHECK(scored > 30000);
  CHECK(ranked_whole > 300);
  CHECK(ranked_first >= 3);
}
