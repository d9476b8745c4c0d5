// Query mixes drawn from the index itself, so that they hold for any
// Unicode version: shared by the benchmarks and the load generator.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "mojifinder/index/name_index.hpp"

namespace mojifinder::bench {

// Bounds of the `small` mix: answers a person reads whole.
inline constexpr std::size_t small_mix_min_results = 1;
inline constexpr std::size_t small_mix_max_results = 50;
// Lower bound of the `heavy` mix: answers of thousands of lines.
inline constexpr std::size_t heavy_mix_min_results = 1001;

// `count` distinct queries of one to three words taken from real names,
// each with 1 to 50 results; the same for the same seed.
std::vector<std::string> small_mix(const NameIndex& index, std::size_t count, unsigned seed = 2323);

// Every single word found in more than 1,000 names (`cjk`, `letter`,
// `sign` ...), in lower case.
std::vector<std::string> heavy_mix(const NameIndex& index);

// Up to `count` typos of words people type: an English keyword that is a
// name word too, of 5 to 11 letters, with its middle letter dropped, where
// that finds nothing and is corrected (`pecil`); spread over the keywords.
std::vector<std::string> typo_mix(const NameIndex& index, std::size_t count);

// How many results `query` has.
std::size_t result_count(const NameIndex& index, const std::string& query);

}  // namespace mojifinder::bench
