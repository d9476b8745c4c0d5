// Turns for bulk work: a long answer's next piece, or the next of many
// pipelined queries, waits behind everything else ready on its loop, not
// only behind the other sessions' pieces. Asio runs ready handlers in turn,
// so a session that gave its loop back with a post() came round again
// after one piece of every other busy session: with hundreds of clients
// taking long answers (and hundreds of pieces in a turn), a new connection
// or a short query waited for all of them. Here busy sessions queue for
// their pieces, run between passes over everything else for a bounded
// time: a short request waits for that time and a piece at most, and long
// answers share what the loop has left. Internal to the server library.
#pragma once

#include <asio/any_io_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/dispatch.hpp>

#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <utility>

namespace mojifinder {

// The bulk work a loop does between its passes over everything else, at
// most (and one piece more): what a short request waits behind.
inline constexpr auto bulk_budget_per_pass = std::chrono::microseconds(150);

class BulkTurns {
 public:
  // The turns of the sessions whose work runs on this thread.
  static BulkTurns& on_this_thread();

  // Queues `resume` (run on its own executor) for a turn; `executor` is
  // where the queue's pump runs while there is anything to pump.
  template <typename Handler>
  void add(const asio::any_io_executor& executor, Handler resume) {
    struct Resume final : Waiting {
      explicit Resume(Handler h) : handler(std::move(h)) {}
      void run() override { asio::dispatch(std::move(handler)); }
      Handler handler;
    };
    enqueue(executor, std::make_unique<Resume>(std::move(resume)));
  }

  ~BulkTurns();

 private:
  struct Waiting {
    virtual ~Waiting() = default;
    virtual void run() = 0;
  };
  void enqueue(const asio::any_io_executor& executor, std::unique_ptr<Waiting> waiting);
  // Runs the sessions waiting, for a budget, then lets the loop pass over
  // what else is ready before the next.
  void pump(asio::any_io_executor executor);
  void post_pump(const asio::any_io_executor& executor);
  // A pump destroyed unrun: its loop is going away, and with it every
  // session waiting here, which is destroyed as Asio destroys its own
  // pending handlers; the next loop on this thread starts afresh.
  void abandon() noexcept;
  struct Abandon {
    void operator()(BulkTurns* turns) const noexcept { turns->abandon(); }
  };

  std::mutex mutex_;  // a pump may run on another thread of a shared loop
  std::deque<std::unique_ptr<Waiting>> waiting_;
  bool pumping_ = false;
};

// co_await take_bulk_turn(executor, use_awaitable): resumes once the work
// ready before it on the loop, and the bulk work queued before it, has run.
template <typename CompletionToken>
auto take_bulk_turn(const asio::any_io_executor& executor, CompletionToken&& token) {
  return asio::async_initiate<CompletionToken, void()>(
      [](auto handler, const asio::any_io_executor& where) { BulkTurns::on_this_thread().add(where, std::move(handler)); },
      token, executor);
}

}  // namespace mojifinder
