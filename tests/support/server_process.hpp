// The built program serving on a free loopback port, started through the
// shell so that a test can set limits first (`ulimit -n 256 && exec ...`),
// and stopped with a signal as a user would.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

namespace mojifinder::test {

class ServerProcess {
 public:
  // Runs `command` with `sh -c`; it must start `mojifinder serve --port 0`,
  // whose standard output and error are read here.
  explicit ServerProcess(const std::string& command) {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::dup2(out[1], STDERR_FILENO);
      ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    output_fd_ = out[0];
    const std::string announcement = "Serving on 127.0.0.1:";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
      const auto at = output_.find(announcement);
      if (at != std::string::npos && output_.find('.', at + announcement.size()) != std::string::npos) {
        port_ = static_cast<unsigned short>(std::stoi(output_.substr(at + announcement.size())));
        return;
      }
      if (!read_output(deadline)) throw std::runtime_error("the server did not announce its port: " + output_);
    }
  }
  ~ServerProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (output_fd_ >= 0) ::close(output_fd_);
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  unsigned short port() const { return port_; }

  // The anonymous memory the server holds now (RssAnon), in bytes.
  std::size_t anonymous_bytes() const {
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    for (std::string line; std::getline(status, line);) {
      if (line.starts_with("RssAnon:")) return std::stoull(line.substr(8)) * 1024;
    }
    throw std::runtime_error("no RssAnon in /proc/" + std::to_string(pid_) + "/status");
  }

  // What the server printed so far.
  const std::string& output() {
    while (read_output(std::chrono::steady_clock::now())) {
    }
    return output_;
  }

  // Sends `signal` and waits for the process to exit: its exit status, or
  // nothing when it did not exit within `timeout` (or died of a signal).
  std::optional<int> stop(int signal, std::chrono::seconds timeout = std::chrono::seconds(20)) {
    ::kill(pid_, signal);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        output();
        if (!WIFEXITED(status)) return std::nullopt;
        return WEXITSTATUS(status);
      }
      read_output(std::chrono::steady_clock::now() + std::chrono::milliseconds(10));
    }
    return std::nullopt;
  }

 private:
  // Appends what the server prints before `deadline`; false when nothing
  // came (or its output ended).
  bool read_output(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd ready{output_fd_, POLLIN, 0};
    if (::poll(&ready, 1, static_cast<int>(std::max<long long>(0, left.count()))) <= 0) return false;
    char buffer[4096];
    const auto n = ::read(output_fd_, buffer, sizeof buffer);
    if (n <= 0) return false;
    output_.append(buffer, static_cast<std::size_t>(n));
    return true;
  }

  pid_t pid_ = -1;
  int output_fd_ = -1;
  unsigned short port_ = 0;
  std::string output_;
};

}  // namespace mojifinder::test
