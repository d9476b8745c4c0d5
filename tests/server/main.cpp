#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <csignal>

#include "mojifinder/server/descriptor_limit.hpp"
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
  mojifinder::raise_descriptor_limit();
  std::signal(SIGPIPE, SIG_IGN);
  return doctest::Context(argc, argv).run();
}
