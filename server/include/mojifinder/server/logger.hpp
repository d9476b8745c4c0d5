// Log lines written by a background thread, so that a slow terminal or a
// full pipe never stalls an event loop: a line costs the caller a short
// copy under a lock. When the output falls too far behind, lines are
// dropped and counted rather than waited for; and closing waits for the
// output a bounded time, so that a log nobody reads (a pipe left full, a
// terminal paused with Ctrl-S) cannot keep the server from stopping.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace mojifinder {

enum class LogLevel { error, warning, info, debug };

class Logger {
 public:
  // Bytes waiting to be written past which new lines are dropped: enough
  // for a burst of tens of thousands of lines, small next to the server.
  static constexpr std::size_t max_pending_bytes = 4 << 20;
  // How long closing waits for the output to take what is pending.
  static constexpr std::chrono::milliseconds default_close_wait{2000};

  // Writes to `out`'s descriptor directly (what `out` buffered is flushed
  // first).
  Logger(std::FILE* out, LogLevel level);
  ~Logger();  // close(), if not done
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  bool enabled(LogLevel level) const noexcept { return level <= level_; }

  // Queues one line (a newline is added).
  void write(std::string_view line);

  struct Closed {
    bool blocked = false;     // the output took nothing for `wait`: the writer was left behind
    std::size_t dropped = 0;  // lines never written, dropped before or left pending
  };
  // Writes what is pending, waiting for the output at most `wait`; lines
  // after it are not taken. Once blocked, the process should end without
  // writing to the log's output again (std::_Exit), which would block too.
  Closed close(std::chrono::milliseconds wait = default_close_wait);

 private:
  // What the writer thread shares with the logger. Owned by both, so that
  // a writer left blocked in write() when the logger goes touches nothing
  // freed.
  struct Shared {
    int fd = -1;
    std::mutex mutex;
    std::condition_variable wake;
    std::condition_variable finished_writing;
    std::string pending;
    std::size_t dropped = 0;         // lines dropped, not reported yet
    std::size_t lines_in_flight = 0;  // lines the writer has taken and not finished writing
    bool closing = false;
    bool finished = false;
  };
  static void drain(Shared& shared);

  LogLevel level_;
  std::shared_ptr<Shared> shared_;
  std::thread writer_;
  bool closed_ = false;
};

}  // namespace mojifinder
