// The server's bulk turns (server/src/bulk_turns.hpp), alone on a loop.
#include "bulk_turns.hpp"

#include <doctest/doctest.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include <chrono>
#include <string>

using namespace mojifinder;

namespace {

// Records `name`, takes a bulk turn, records `name` again.
asio::awaitable<void> bulk(std::string& trace, char name, bool& queued) {
  trace += name;
  queued = true;
  co_await take_bulk_turn(co_await asio::this_coro::executor, asio::use_awaitable);
  trace += name;
}

}  // namespace

TEST_CASE("bulk turns: a session waiting for its turn lets the work ready before it run first") {
  asio::io_context loop;
  std::string trace;
  bool queued = false;
  asio::co_spawn(loop, bulk(trace, 'a', queued), asio::detached);
  asio::post(loop, [&] { trace += 'x'; });
  asio::post(loop, [&] { trace += 'y'; });
  loop.run();
  CHECK(trace == "axya");
}

TEST_CASE("bulk turns: a loop destroyed with a session waiting leaves the thread's turns to the next loop") {
  std::string trace;
  {
    asio::io_context doomed;
    bool queued = false;
    asio::co_spawn(doomed, bulk(trace, 'a', queued), asio::detached);
    while (!queued) doomed.run_one();  // the session waits; its turn's pump is posted, not run
  }
  CHECK(trace == "a");
  asio::io_context next;
  bool queued = false;
  asio::co_spawn(next, bulk(trace, 'b', queued), asio::detached);
  next.run_for(std::chrono::seconds(5));
  CHECK(trace == "abb");
}
