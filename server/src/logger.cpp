#include "mojifinder/logger.hpp"

namespace mojifinder {

Logger::Logger(std::FILE* out, LogLevel level) : out_(out), level_(level), writer_([this] { drain(); }) {}

Logger::~Logger() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  wake_.notify_one();
  writer_.join();
}

void Logger::write(std::string_view line) {
  bool was_empty = false;
  {
    std::lock_guard lock(mutex_);
    if (pending_.size() + line.size() + 1 > max_pending_bytes) {
      ++dropped_;
      return;
    }
    was_empty = pending_.empty();
    pending_.append(line).push_back('\n');
  }
  if (was_empty) wake_.notify_one();
}

void Logger::drain() {
  std::string batch;
  for (;;) {
    std::size_t dropped = 0;
    bool closing = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return closing_ || !pending_.empty(); });
      batch.swap(pending_);
      std::swap(dropped, dropped_);
      closing = closing_;
    }
    if (dropped > 0) std::fprintf(out_, "(%zu log lines dropped: the log output fell behind)\n", dropped);
    std::fwrite(batch.data(), 1, batch.size(), out_);
    std::fflush(out_);
    batch.clear();
    if (closing) {
      std::lock_guard lock(mutex_);
      if (pending_.empty()) return;
    }
  }
}

}  // namespace mojifinder
