#include "mojifinder/server/descriptor_limit.hpp"

#include <sys/resource.h>

#include <cstdint>

namespace mojifinder {

std::size_t raise_descriptor_limit() noexcept {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) != 0) return SIZE_MAX;
  if (files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &files) != 0) getrlimit(RLIMIT_NOFILE, &files);
  }
  return files.rlim_cur == RLIM_INFINITY ? SIZE_MAX : static_cast<std::size_t>(files.rlim_cur);
}

}  // namespace mojifinder
