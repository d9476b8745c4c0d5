#include "socket_io.hpp"

#include <asio/error.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>

#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>

#include <cstddef>
#include <vector>

namespace mojifinder {

std::error_code discard_input(asio::ip::tcp::socket& socket) {
  std::error_code ec;
  while (!ec) socket.read_some(asio::buffer(read_buffer()), ec);
  return ec;
}

void bound_unsent_in_kernel(asio::ip::tcp::socket& socket) noexcept {
  // Asio has no option for it; a kernel without it (before Linux 3.12)
  // keeps the send buffer's bound alone.
  const int bytes = unsent_in_kernel_bytes;
  ::setsockopt(socket.native_handle(), IPPROTO_TCP, TCP_NOTSENT_LOWAT, &bytes, sizeof bytes);
}

bool connection_reset(asio::ip::tcp::socket& socket) noexcept {
  // With no events asked, poll() still reports an error and a hang-up,
  // which a reset is; a half-close is neither.
  pollfd descriptor{socket.native_handle(), 0, 0};
  return ::poll(&descriptor, 1, 0) == 1 && (descriptor.revents & (POLLERR | POLLHUP | POLLNVAL)) != 0;
}

bool answer_in_kernel(asio::ip::tcp::socket& socket) noexcept {
  int unacknowledged = 0;
  return ::ioctl(socket.native_handle(), SIOCOUTQ, &unacknowledged) == 0 && unacknowledged > 0;
}

std::optional<std::chrono::milliseconds> since_last_acknowledgement(asio::ip::tcp::socket& socket) noexcept {
  tcp_info info{};
  socklen_t size = sizeof info;
  if (::getsockopt(socket.native_handle(), IPPROTO_TCP, TCP_INFO, &info, &size) != 0 ||
      size < offsetof(tcp_info, tcpi_last_ack_recv) + sizeof info.tcpi_last_ack_recv) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(info.tcpi_last_ack_recv);
}

bool delivery_pending(asio::ip::tcp::socket& socket) noexcept {
  int unacknowledged = 0;
  int unread = 0;
  const auto fd = socket.native_handle();
  if (::ioctl(fd, SIOCOUTQ, &unacknowledged) != 0 || ::ioctl(fd, FIONREAD, &unread) != 0) return false;
  return unacknowledged > 0 || unread > 0;
}

asio::awaitable<void> linger(asio::ip::tcp::socket& socket) {
  constexpr auto as_tuple_awaitable = asio::experimental::as_tuple(asio::use_awaitable);
  std::error_code ec;
  socket.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  if (ec) co_return;
  using namespace asio::experimental::awaitable_operators;
  asio::steady_timer pause(socket.get_executor());
  const auto deadline = std::chrono::steady_clock::now() + linger_time;
  while (delivery_pending(socket) && std::chrono::steady_clock::now() < deadline) {
    ec = discard_input(socket);
    if (ec != asio::error::would_block && ec != asio::error::try_again) co_return;  // the client closed
    pause.expires_after(linger_poll_interval);
    co_await (socket.async_wait(asio::socket_base::wait_read, as_tuple_awaitable) ||
              pause.async_wait(as_tuple_awaitable));
  }
}

std::optional<std::size_t> write_now(asio::ip::tcp::socket& socket, const AnswerPiece& piece, std::string& unsent) {
  thread_local std::vector<asio::const_buffer> buffers;
  buffers.clear();
  for (const auto part : piece.parts) buffers.emplace_back(part.data(), part.size());
  std::error_code ec;
  // Non-blocking. A piece of one part (every short answer) goes with
  // send(), which the kernel takes on a shorter path than sendmsg()'s
  // gathering (see docs/performance/per-query.md).
  const auto written = buffers.size() == 1 ? socket.write_some(buffers.front(), ec) : socket.write_some(buffers, ec);
  if (ec && ec != asio::error::would_block && ec != asio::error::try_again) return std::nullopt;
  // Keep what the socket did not take: a piece's parts do not outlive the
  // next piece (AnswerPiece).
  std::size_t skip = ec ? 0 : written;
  for (const auto& buffer : buffers) {
    if (skip >= buffer.size()) {
      skip -= buffer.size();
      continue;
    }
    unsent.append(static_cast<const char*>(buffer.data()) + skip, buffer.size() - skip);
    skip = 0;
  }
  return ec ? 0 : written;
}

}  // namespace mojifinder
