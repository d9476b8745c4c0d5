#include "query_mixes.hpp"

#include <algorithm>
#include <array>
#include <random>
#include <set>

#include "mojifinder/text/ascii.hpp"
#include "support/oracles.hpp"

namespace mojifinder::bench {

namespace {

std::string lower(std::string_view word) {
  std::string out(word);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return ascii::to_lower(c); });
  return out;
}

}  // namespace

std::size_t result_count(const NameIndex& index, const std::string& query) {
  WordList words;
  words.split(query);
  std::vector<EntryId> scratch;
  return search(index, words, scratch).size();
}

std::vector<std::string> small_mix(const NameIndex& index, std::size_t count, unsigned seed) {
  std::mt19937 random(seed);
  std::set<std::string> seen;
  std::vector<std::string> mix;
  WordList words;
  // Bounded: a pathological index cannot make this loop forever.
  for (std::size_t attempt = 0; mix.size() < count && attempt < count * 1000; ++attempt) {
    words.split(index.name(static_cast<EntryId>(random() % index.size())));
    std::string query;
    const std::size_t wanted = 1 + random() % std::min<std::size_t>(3, words.size());
    for (std::size_t i = 0; i < wanted; ++i) {
      if (i > 0) query.push_back(' ');
      query += lower(words.words()[random() % words.size()]);
    }
    const auto found = result_count(index, query);
    if (found < small_mix_min_results || found > small_mix_max_results) continue;
    if (seen.insert(query).second) mix.push_back(query);
  }
  return mix;
}

std::vector<std::string> typo_mix(const NameIndex& index, std::size_t count) {
  std::vector<std::string> mix;
  const auto& english = index.find_locale("en")->words();
  const auto step = std::max<std::size_t>(1, english.count() / (4 * count));
  std::array<Result, 256> batch;
  for (std::size_t w = 0; w < english.count() && mix.size() < count; w += step) {
    const auto word = english.word(w);
    const bool letters = std::all_of(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (!letters || word.size() < 5 || word.size() > 11 || index.name_words().find(word).empty()) continue;
    auto typo = lower(word);
    typo.erase(typo.size() / 2, 1);
    Results results;
    if (results.start(index, typo)) continue;
    while (!results.done()) results.next(batch);
    if (!results.corrected_query().empty()) mix.push_back(typo);
  }
  return mix;
}

std::vector<std::string> heavy_mix(const NameIndex& index) {
  std::vector<std::string> mix;
  for (std::size_t w = 0; w < index.name_words().count(); ++w) {
    if (index.name_words().find(index.name_words().word(w)).size() >= heavy_mix_min_results) mix.push_back(lower(index.name_words().word(w)));
  }
  return mix;
}

}  // namespace mojifinder::bench
