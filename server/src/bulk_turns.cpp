#include "bulk_turns.hpp"

#include <asio/post.hpp>

namespace mojifinder {

BulkTurns& BulkTurns::on_this_thread() {
  thread_local BulkTurns turns;
  return turns;
}

BulkTurns::~BulkTurns() {
  // A session still waiting as its thread ends belongs to a loop that is
  // gone: destroying its coroutine now would touch that loop, so it is let
  // go instead. A server that stops lets every answer end first.
  for (auto& waiting : waiting_) static_cast<void>(waiting.release());
}

void BulkTurns::enqueue(const asio::any_io_executor& executor, std::unique_ptr<Waiting> waiting) {
  bool start = false;
  {
    std::lock_guard lock(mutex_);
    waiting_.push_back(std::move(waiting));
    start = !std::exchange(pumping_, true);
  }
  if (start) post_pump(executor);
}

void BulkTurns::post_pump(const asio::any_io_executor& executor) {
  asio::post(executor, [turns = std::unique_ptr<BulkTurns, Abandon>(this), executor]() mutable {
    turns.release()->pump(executor);
  });
}

void BulkTurns::abandon() noexcept {
  std::deque<std::unique_ptr<Waiting>> dropped;
  {
    std::lock_guard lock(mutex_);
    dropped.swap(waiting_);
    pumping_ = false;
  }
}

void BulkTurns::pump(asio::any_io_executor executor) {
  // The sessions waiting as the pump began, each once, for as long as the
  // budget lasts: enough to keep long answers flowing as fast as before
  // when few share the loop, little enough that other work waits no
  // longer than the budget and a piece.
  const auto until = std::chrono::steady_clock::now() + bulk_budget_per_pass;
  std::size_t turns = 0;
  {
    std::lock_guard lock(mutex_);
    turns = waiting_.size();
  }
  do {
    std::unique_ptr<Waiting> next;
    {
      std::lock_guard lock(mutex_);
      next = std::move(waiting_.front());
      waiting_.pop_front();
    }
    next->run();  // may queue its session again, at the back
  } while (--turns > 0 && std::chrono::steady_clock::now() < until);
  bool more = false;
  {
    std::lock_guard lock(mutex_);
    more = pumping_ = !waiting_.empty();
  }
  if (more) post_pump(executor);
}

}  // namespace mojifinder
