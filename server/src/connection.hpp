// What the server's registry of open connections sees of each, whatever
// protocol it speaks: the clocks its sweeper reads for the timeouts, and
// the calls it makes on the connection's own executor. Internal to the
// server library.
#pragma once

#include <asio/any_io_executor.hpp>
#include <atomic>
#include <chrono>

namespace mojifinder {

class Connection {
 public:
  // Times on the steady clock, in its ticks, that the server's sweeper
  // reads from its own thread: since when the connection has waited for
  // its client's next line or request (since the end of its last answer,
  // or the opening of the connection; while it answers, only the write
  // timeout applies), since when it has held the beginning of a request
  // not yet whole (0: none), and since when an answer has waited for a
  // full socket (0: it is not waiting).
  using Ticks = std::chrono::steady_clock::rep;
  static Ticks now() noexcept { return std::chrono::steady_clock::now().time_since_epoch().count(); }
  Ticks idle_since() const noexcept { return idle_since_.load(std::memory_order_relaxed); }
  Ticks request_since() const noexcept { return request_since_.load(std::memory_order_relaxed); }
  Ticks blocked_writing_since() const noexcept { return blocked_writing_since_.load(std::memory_order_relaxed); }

  struct Timeouts {
    std::chrono::steady_clock::duration idle, request, write;  // zero: never
  };
  // Closes the connection if, on its own executor, it is still past one of
  // the timeouts (telling the client why, where its protocol can).
  virtual void enforce_timeouts(const Timeouts& timeouts) = 0;

  virtual asio::any_io_executor executor() noexcept = 0;

  // Connections became compact: one waiting inside its coroutine stops
  // waiting there and parks. On the connection's executor.
  virtual void park() = 0;

  // Ends the connection once the answer being written, if any, is
  // complete. On the connection's executor.
  virtual void stop() = 0;

 protected:
  Connection() = default;
  ~Connection() = default;

  std::atomic<Ticks> idle_since_{now()};
  std::atomic<Ticks> request_since_{0};
  std::atomic<Ticks> blocked_writing_since_{0};
};

}  // namespace mojifinder
