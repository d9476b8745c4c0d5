#include "listener.hpp"

#include <asio/ip/address.hpp>
#include <sys/socket.h>

#include <cerrno>
#include <system_error>

namespace mojifinder {

asio::ip::tcp::endpoint resolve(asio::any_io_executor executor, const std::string& host, std::uint16_t port) {
  std::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (!ec) return {address, port};
  asio::ip::tcp::resolver resolver(executor);
  const auto results = resolver.resolve(host, std::to_string(port), asio::ip::tcp::resolver::passive);
  return results.begin()->endpoint();
}

void adopt(asio::ip::tcp::acceptor& acceptor, int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::system_error(errno, std::generic_category(), "getsockname on a socket handed over");
  }
  acceptor.assign(address.ss_family == AF_INET6 ? asio::ip::tcp::v6() : asio::ip::tcp::v4(), fd);
}

void listen(asio::ip::tcp::acceptor& acceptor, const asio::ip::tcp::endpoint& endpoint, bool reuse_port) {
  acceptor.open(endpoint.protocol());
  // Lets a restarted server bind while old connections are in TIME_WAIT;
  // on Linux it does not let two servers listen on one port.
  acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true));
  // This does, for a handover (ServerOptions::reuse_port).
  if (reuse_port) {
    acceptor.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>(true));
  }
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
}

}  // namespace mojifinder
