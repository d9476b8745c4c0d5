// What the server's registry of open connections sees of each, whatever
// protocol it speaks: the one deadline its sweeper reads, and the calls it
// makes on the connection's own executor. Internal to the server library.
#pragma once

#include <asio/any_io_executor.hpp>
#include <atomic>
#include <chrono>

namespace mojifinder {

class Connection {
 public:
  // Times on the steady clock, in its ticks.
  using Ticks = std::chrono::steady_clock::rep;
  static Ticks now() noexcept { return std::chrono::steady_clock::now().time_since_epoch().count(); }
  static Ticks ticks(std::chrono::steady_clock::duration duration) noexcept { return duration.count(); }

  // When the connection's current wait runs out (for a PROXY header, a
  // request, the end of a write; see Session), 0 for none: the sweeper
  // reads it from its own thread, and asks a connection past it to check
  // again on its own executor.
  Ticks deadline() const noexcept { return deadline_.load(std::memory_order_relaxed); }

  // Closes the connection if, on its own executor, it is still past its
  // deadline (telling the client why, where its protocol can); or moves
  // the deadline.
  virtual void enforce_deadline() = 0;

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

  void set_deadline(Ticks deadline) noexcept { deadline_.store(deadline, std::memory_order_relaxed); }

 private:
  std::atomic<Ticks> deadline_{0};
};

}  // namespace mojifinder
