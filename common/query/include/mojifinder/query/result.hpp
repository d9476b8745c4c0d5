// A result of a query, and the bounds on what finding results may cost.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mojifinder {

// A result: an entry of the index or, with unnamed_result set, a code
// point the index has no entry for (shown with unnamed_label()).
using Result = std::uint32_t;
inline constexpr Result unnamed_result = 0x8000'0000u;

// Code points one query may look up, ranges counted whole.
inline constexpr std::size_t max_code_points_per_query = 4096;

// Distinct words one query may hold. No name has more than a dozen; the
// bound keeps what an answer in progress holds small whatever a client
// sends (a line of 2,000 words). Repeated words count once.
inline constexpr std::size_t max_words_per_query = 64;

// Work one call of next() may do at most, in steps: an entry looked at or
// gathered into a bitmap, a list probed, 64 entries of a bitmap scanned:
// tens of microseconds (docs/performance/limits.md), and the costliest
// query (a prefix of every word) takes a few dozen such calls.
inline constexpr std::size_t work_per_call = 32 * 1024;

}  // namespace mojifinder
