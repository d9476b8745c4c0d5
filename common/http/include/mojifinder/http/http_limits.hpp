// The bounds of HTTP's answers: what the page shows at a time, how far the
// API pages, what is worth compressing. Below the conversation, so that
// its handlers and stages read them without including it.
#pragma once

#include <cstddef>

namespace mojifinder {

// Results the page shows at a time; the API has no default limit, as the
// original had none.
inline constexpr std::size_t page_results = 100;

// The largest offset the API takes (its largest limit is max_limit).
inline constexpr std::size_t max_http_offset = 10'000'000;

// An answer longer than this is compressed for a client that accepts gzip;
// a shorter one is not worth the work.
inline constexpr std::size_t gzip_min_bytes = 1024;

}  // namespace mojifinder
