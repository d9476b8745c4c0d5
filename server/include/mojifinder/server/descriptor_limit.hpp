// The process's limit on open descriptors. Every connection is one, so a
// server (or a load generator) with thousands of them raises its soft limit
// to the hard limit at start, as nginx's worker_rlimit_nofile and Redis's
// maxclients adjustment do.
#pragma once

#include <cstddef>

namespace mojifinder {

// Raises the soft RLIMIT_NOFILE to the hard limit where it is lower, and
// returns the soft limit then in force (SIZE_MAX when unlimited or unknown).
std::size_t raise_descriptor_limit() noexcept;

}  // namespace mojifinder
