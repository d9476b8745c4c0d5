#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <sys/resource.h>

#include <csignal>

#include "support/test_server.hpp"

namespace mojifinder::test {
#ifdef MOJIFINDER_TEST_COMPACT_SESSIONS
const bool compact_sessions = true;
#else
const bool compact_sessions = false;
#endif
}  // namespace mojifinder::test

int main(int argc, char** argv) {
  // Hundreds of clients and their server sessions live in this one process.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  std::signal(SIGPIPE, SIG_IGN);
  return doctest::Context(argc, argv).run();
}
