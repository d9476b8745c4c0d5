// A blocking TCP client on plain POSIX sockets with a deadline on every
// wait, so that a test of the server cannot hang: it fails instead. It
// deliberately shares nothing with the server's own networking code.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mojifinder::test {

inline constexpr std::string_view prompt = "?> ";

class TcpClient {
 public:
  static constexpr auto default_timeout = std::chrono::seconds(10);

  // Connects to `host` (an IPv4 or IPv6 literal) and `port`; with
  // `receive_buffer_bytes`, a receive buffer that small from the start, so
  // that the window the client offers is small all along (set after the
  // connection, a buffer cannot take back the window already offered).
  TcpClient(const std::string& host, unsigned short port, int receive_buffer_bytes = 0) {
    sockaddr_storage address{};
    socklen_t length = 0;
    if (host.find(':') != std::string::npos) {
      auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
      v6->sin6_family = AF_INET6;
      v6->sin6_port = htons(port);
      inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr);
      length = sizeof *v6;
    } else {
      auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
      v4->sin_family = AF_INET;
      v4->sin_port = htons(port);
      inet_pton(AF_INET, host.c_str(), &v4->sin_addr);
      length = sizeof *v4;
    }
    fd_ = ::socket(address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket: " + std::string(std::strerror(errno)));
    if (receive_buffer_bytes > 0) {
      ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer_bytes, sizeof receive_buffer_bytes);
    }
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0) {
      const int error = errno;
      ::close(fd_);
      throw std::runtime_error("connect: " + std::string(std::strerror(error)));
    }
  }
  ~TcpClient() {
    if (fd_ >= 0) ::close(fd_);
  }
  TcpClient(const TcpClient&) = delete;
  TcpClient& operator=(const TcpClient&) = delete;

  // The client's own port: how the server's log names this connection.
  unsigned short local_port() const {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    return address.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port)
                                         : ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
  }

  void send(std::string_view bytes) {
    while (!bytes.empty()) {
      const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n < 0) throw std::runtime_error("send: " + std::string(std::strerror(errno)));
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  // Sends as much of `bytes` as the kernel takes without waiting; returns
  // how much that was.
  std::size_t send_what_fits(std::string_view bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    return sent;
  }

  // Half-closes: the server sees the end of the stream, and may still answer.
  void shutdown_write() { ::shutdown(fd_, SHUT_WR); }

  // Closes with a reset (SO_LINGER 0) instead of an orderly FIN.
  void reset() {
    linger option{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &option, sizeof option);
    ::close(fd_);
    fd_ = -1;
  }

  // Reads until what was read ends with `suffix`; returns all of it.
  std::string read_until(std::string_view suffix, std::chrono::milliseconds timeout = default_timeout) {
    std::string out;
    while (!std::string_view(out).ends_with(suffix)) {
      if (!read_some(out, timeout)) throw std::runtime_error("connection closed before '" + std::string(suffix) + "'");
    }
    return out;
  }

  // One whole answer: everything up to and including the next prompt.
  std::string read_answer() { return read_until(prompt); }

  // Reads exactly `count` bytes.
  std::string read_exactly(std::size_t count) {
    std::string out;
    while (out.size() < count) {
      if (!read_some(out, default_timeout, count - out.size())) throw std::runtime_error("closed early");
    }
    return out;
  }

  // Reads until the server closes; returns what came before the end.
  std::string read_to_end(std::chrono::milliseconds timeout = default_timeout) {
    std::string out;
    while (read_some(out, timeout)) {
    }
    return out;
  }

  // True when the server has closed the connection and sent nothing more.
  bool closed_by_server(std::chrono::milliseconds timeout = default_timeout) {
    std::string out;
    return !read_some(out, timeout) && out.empty();
  }

  // True when nothing (no byte, no end) arrives within `timeout`.
  bool silent_for(std::chrono::milliseconds timeout) {
    pollfd waiting{fd_, POLLIN, 0};
    return ::poll(&waiting, 1, static_cast<int>(timeout.count())) == 0;
  }

  // Appends what arrives within `timeout`; false at the end of the stream
  // (a reset counts as an end). Throws when nothing comes in time.
  bool read_some(std::string& out, std::chrono::milliseconds timeout, std::size_t at_most = 65536) {
    pollfd waiting{fd_, POLLIN, 0};
    const int ready = ::poll(&waiting, 1, static_cast<int>(timeout.count()));
    if (ready == 0) throw std::runtime_error("timed out waiting for the server");
    char buffer[65536];
    const auto n = ::recv(fd_, buffer, std::min(at_most, sizeof buffer), 0);
    if (n <= 0) return false;
    out.append(buffer, static_cast<std::size_t>(n));
    return true;
  }

  // A small receive buffer makes a long answer back up into the server
  // at once (and makes the rest of it slow to read).
  void set_small_receive_buffer() {
    int bytes = 4096;
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
  }

 private:
  int fd_ = -1;
};

}  // namespace mojifinder::test
