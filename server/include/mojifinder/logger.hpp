// Log lines written by a background thread, so that a slow terminal or a
// full pipe never stalls an event loop: a line costs the caller a short
// copy under a lock. When the output falls too far behind, lines are
// dropped and counted rather than waited for.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdio>
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

  Logger(std::FILE* out, LogLevel level);
  ~Logger();  // writes what is pending
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  bool enabled(LogLevel level) const noexcept { return level <= level_; }

  // Queues one line (a newline is added).
  void write(std::string_view line);

 private:
  void drain();

  std::FILE* out_;
  LogLevel level_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::string pending_;
  std::size_t dropped_ = 0;
  bool closing_ = false;
  std::thread writer_;
};

}  // namespace mojifinder
