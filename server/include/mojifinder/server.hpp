// The mojifinder line server, embeddable in any Asio program.
//
//   asio::io_context io;
//   mojifinder::Server server(io.get_executor(), mojifinder::embedded_name_index(), {.port = 2323});
//   asio::co_spawn(io, server.run(), asio::detached);
//   io.run();
//
// Each connection is one coroutine on the server's executor; the index is
// only read, so any number of servers (one per thread, say) share one.
#pragma once

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "mojifinder/logger.hpp"
#include "mojifinder/name_index.hpp"

namespace mojifinder {

struct ServerOptions {
  std::string host = "127.0.0.1";  // an IPv4 or IPv6 address, or a name to resolve
  std::uint16_t port = 2323;       // 0 takes a free port: see local_endpoint()
  // Lets several servers listen on one port (SO_REUSEPORT), one per event
  // loop, with the kernel spreading connections among them.
  bool reuse_port = false;
  Logger* logger = nullptr;        // where log lines go; none when null
};

class Server {
 public:
  // Binds and listens at once, so that local_endpoint() is known and an
  // address in use is reported here (std::system_error), not later.
  Server(asio::any_io_executor executor, const NameIndex& index, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  asio::ip::tcp::endpoint local_endpoint() const;

  // Accepts and serves connections until stop(); completes once every
  // session has closed.
  asio::awaitable<void> run();

  // From any thread: stop accepting, let each session finish the answer it
  // is writing, then close every connection.
  void stop();

  struct State;

 private:
  std::shared_ptr<State> state_;
};

// "127.0.0.1:2323", "[::1]:2323".
std::string to_string(const asio::ip::tcp::endpoint& endpoint);

}  // namespace mojifinder
