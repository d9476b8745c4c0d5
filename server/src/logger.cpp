#include "mojifinder/server/logger.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string_view>

namespace mojifinder {

namespace {

std::size_t count_lines(std::string_view text) noexcept {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// Writes all of `bytes`; false when the descriptor fails for good.
bool write_all(int fd, std::string_view bytes, const auto& written) {
  while (!bytes.empty()) {
    const auto n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    written(bytes.substr(0, static_cast<std::size_t>(n)));
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

Logger::Logger(std::FILE* out, LogLevel level) : level_(level), shared_(std::make_shared<Shared>()) {
  std::fflush(out);
  shared_->fd = ::fileno(out);
  writer_ = std::thread([shared = shared_] { drain(*shared); });
}

Logger::~Logger() {
  if (!closed_) close();
}

void Logger::write(std::string_view line) {
  auto& s = *shared_;
  bool was_empty = false;
  {
    std::lock_guard lock(s.mutex);
    if (s.closing) return;
    if (s.pending.size() + line.size() + 1 > max_pending_bytes) {
      ++s.dropped;
      return;
    }
    was_empty = s.pending.empty();
    s.pending.append(line).push_back('\n');
  }
  if (was_empty) s.wake.notify_one();
}

Logger::Closed Logger::close(std::chrono::milliseconds wait) {
  closed_ = true;
  auto& s = *shared_;
  Closed closed;
  {
    std::unique_lock lock(s.mutex);
    s.closing = true;
    s.wake.notify_one();
    if (!s.finished_writing.wait_for(lock, wait, [&] { return s.finished; })) {
      // The output has taken nothing for `wait`: whatever the writer holds
      // and whatever is pending is lost. The writer stays blocked where it
      // is, holding its share of the state.
      closed.blocked = true;
      closed.dropped = s.dropped + s.lines_in_flight + count_lines(s.pending);
    }
  }
  if (closed.blocked) {
    writer_.detach();
  } else {
    writer_.join();
  }
  return closed;
}

void Logger::drain(Shared& s) {
  std::string batch;
  for (;;) {
    std::size_t dropped = 0;
    bool closing = false;
    {
      std::unique_lock lock(s.mutex);
      s.wake.wait(lock, [&] { return s.closing || !s.pending.empty(); });
      batch.swap(s.pending);
      std::swap(dropped, s.dropped);
      closing = s.closing;
      if (dropped > 0) {
        std::string notice = "(";
        notice.append(std::to_string(dropped)).append(" log lines dropped: the log output fell behind)\n");
        batch.insert(0, notice);
      }
      // The notice is not a line of the log; the lines it counts are lost
      // until it is written.
      s.lines_in_flight = count_lines(batch) + dropped - (dropped > 0 ? 1 : 0);
    }
    const bool ok = write_all(s.fd, batch, [&](std::string_view written) {
      const auto lines = count_lines(written);
      if (lines == 0) return;
      std::lock_guard lock(s.mutex);
      s.lines_in_flight -= std::min(lines, s.lines_in_flight);
    });
    batch.clear();
    std::lock_guard lock(s.mutex);
    if (!ok) s.lines_in_flight = 0;  // the output is gone: nothing more can be written
    if (closing && (s.pending.empty() || !ok)) {
      s.finished = true;
      s.finished_writing.notify_all();
      return;
    }
  }
}

}  // namespace mojifinder
