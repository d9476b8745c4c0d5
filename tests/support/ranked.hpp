// An answer in relevance order, whole, as a session takes it: for tests of
// the order and of what ranking keeps.
#pragma once

#include <doctest/doctest.h>

#include <string_view>
#include <vector>

#include "mojifinder/ranked_results.hpp"
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

}  // namespace mojifinder::test
