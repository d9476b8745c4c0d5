// An answer in relevance order, whole, as a session takes it: for tests of
// the order and of what ranking keeps.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "mojifinder/query/ranked_results.hpp"
#include "support/oracles.hpp"

namespace mojifinder::test {

// Every result of `query` in relevance order, asking for `wanted` (0: all)
// and taking batches of `batch_size`.
inline std::vector<Result> ranked_answer(const NameIndex& index, std::string_view query,
                                         const NameIndex::Locale* language = nullptr, std::size_t wanted = 0,
                                         std::size_t batch_size = 256) {
  RankedResults results;
  const auto error = results.start(index, query, language, Order::relevance, wanted);
  INFO(query, ": ", error_text(error));
  REQUIRE_FALSE(error);
  std::vector<Result> all;
  std::vector<Result> batch(batch_size);
  while (!results.done()) {
    const auto n = results.next(batch);
    all.insert(all.end(), batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(n));
  }
  CHECK(results.produced() == all.size());
  return all;
}

// Whether an entry is an emoji with a skin tone (U+1F3FB..U+1F3FF).
inline bool has_skin_tone(const NameIndex& index, EntryId id) {
  const auto code_points = index.code_points_of(id);
  return std::any_of(code_points.begin(), code_points.end(), [](std::uint32_t c) { return c >= 0x1F3FB && c <= 0x1F3FF; });
}

// Whether `id` has `word` (folded, as the table keeps it) by itself as one
// of its keywords or its short name in `locale`.
inline bool has_whole_keyword(const NameIndex::Locale* locale, std::string_view word, EntryId id) {
  if (locale == nullptr) return false;
  const auto list = locale->words().find(word);
  const auto at = std::lower_bound(list.begin(), list.end(), id);
  return at != list.end() && *at == id && locale->is_whole_keyword(list, static_cast<std::size_t>(at - list.begin()));
}

}  // namespace mojifinder::test
