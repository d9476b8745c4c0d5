// The server's listening sockets: opened on a host and port, or taken over
// from a socket already listening (systemd's socket activation). Internal
// to the server library.
#pragma once

#include <asio/any_io_executor.hpp>
#include <asio/ip/tcp.hpp>

#include <cstdint>
#include <string>

namespace mojifinder {

// The host's address (a literal, or a name looked up) and the port.
asio::ip::tcp::endpoint resolve(asio::any_io_executor executor, const std::string& host, std::uint16_t port);

// Takes over a socket that already listens, of whichever family it is.
void adopt(asio::ip::tcp::acceptor& acceptor, int fd);

// Opens, binds and listens; `reuse_port` lets another server listen on
// the same port, for a handover.
void listen(asio::ip::tcp::acceptor& acceptor, const asio::ip::tcp::endpoint& endpoint, bool reuse_port);

}  // namespace mojifinder
