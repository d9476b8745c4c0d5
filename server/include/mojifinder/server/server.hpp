// The mojifinder server, embeddable in any Asio program: the line protocol
// on one port and, when asked, HTTP (the JSON API and the page) on another,
// on the same event loops, from the same index, under the same limits.
//
//   asio::io_context io;
//   mojifinder::Server server(io.get_executor(), mojifinder::embedded_name_index(),
//                             {.port = 2323, .http_port = 8080});
//   asio::co_spawn(io, server.run(), asio::detached);
//   io.run();
//
// Each connection is one coroutine, on the server's executor or on one of
// the session executors given; the index is only read, so every thread
// shares it without locks. As in Asio's own examples, an executor must run
// one handler at a time: an io_context run by one thread, or a strand when
// several threads run it.
#pragma once

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mojifinder/index/name_index.hpp"
#include "mojifinder/line/input_decoder.hpp"
#include "mojifinder/server/address_range.hpp"
#include "mojifinder/server/logger.hpp"

namespace mojifinder {

struct ServerOptions {
  std::string host = "127.0.0.1";  // an IPv4 or IPv6 address, or a name to resolve
  std::uint16_t port = 2323;       // 0 takes a free port: see local_endpoint()
  // HTTP on `host` too, on this port (0 takes a free one: see
  // http_endpoint()); none when empty.
  std::optional<std::uint16_t> http_port{};
  // Event loops to run sessions on, taken in turn for each new connection
  // (one io_context per thread, say); empty: the server's own executor.
  // Each must run one handler at a time (see above): a session takes no
  // lock and no strand of its own, so that an idle one costs little.
  // One listener hands the sockets out, so no other process can join it
  // on the port as SO_REUSEPORT would allow.
  std::vector<asio::any_io_executor> session_executors{};
  // Sockets already listening to take instead of binding host and port
  // (systemd's socket activation hands them over, say): the line
  // protocol's and HTTP's; -1: none. The server owns them from then on.
  int listen_fd = -1;
  int http_listen_fd = -1;
  // SO_REUSEPORT on the ports it binds: a new version can listen on them
  // beside this one, and take over once this one stops. Linux resets the
  // connections still queued on a listener that closes unless
  // net.ipv4.tcp_migrate_req is 1 (Linux 5.14 and later), which moves them
  // to another listener of the port; sockets handed over by systemd need
  // neither.
  bool reuse_port = false;
  Logger* logger = nullptr;        // where log lines go; none when null
  // Bytes a query line may hold (its CR LF not counted). A longer line is
  // read and thrown away as it comes, and answered with
  // "error: line too long (limit N bytes)"; the session goes on.
  std::size_t max_line_bytes = InputDecoder::default_max_line_bytes;
  // Connections served at once, both protocols counted; one more is sent
  // "error: server busy, try again later" (HTTP: 503) and closed.
  std::size_t max_connections = 16384;
  // Connections one client address may have open at once, both ports
  // counted (behind a balancer with proxy_protocol, the address the PROXY
  // header names); one more is sent "error: too many connections from your
  // address" (HTTP: 429) and closed, and other addresses go on. 0: no limit.
  std::size_t max_connections_per_address = 0;
  // A client that sends no complete line for this long after its last
  // answer ended (or after it connected) is sent
  // "timeout: closing idle connection" and closed; zero: never. While an
  // answer is being written, the write timeout applies instead.
  std::chrono::milliseconds idle_timeout{std::chrono::minutes(10)};
  // Each connection, on both ports, must begin with a PROXY protocol
  // header (v1 or v2, as HAProxy's send-proxy sends it) within
  // request_timeout, or it is closed with nothing sent; the client address
  // it carries is the one the log names. For servers behind a balancer.
  bool proxy_protocol = false;
  // With proxy_protocol: the peers whose PROXY headers are believed (the
  // balancers). A connection from any other address is closed unanswered
  // and logged, so that no client can claim another's address. Empty:
  // every peer (then only a firewall keeps clients off the port).
  std::vector<AddressRange> proxy_from{};
  // A client that has begun a request and not sent the whole of it for
  // this long is closed (HTTP: answered 408 first), so that a client
  // sending a byte at a time cannot hold a connection; zero: never. A new
  // HTTP connection has this long for its first request, and is closed
  // quietly if it sends nothing, so that silent sockets do not hold their
  // slots for the idle timeout. The line protocol answers each line as it
  // ends and drops over-long ones as they come, so it never holds a
  // partial request.
  std::chrono::milliseconds request_timeout{std::chrono::seconds(10)};
  // A client that leaves an answer unread for this long (the socket full,
  // nothing taken) is closed and its memory freed; zero: never.
  std::chrono::milliseconds write_timeout{std::chrono::minutes(1)};
  // The kernel's send buffer for each connection (SO_SNDBUF; Linux
  // doubles it): with the one answer piece a session keeps for a client
  // that does not read, the bound on answer bytes held per connection.
  // 0: the system's own sizing, which grows to megabytes.
  std::size_t send_buffer_bytes = 128 * 1024;
  // While more connections than this are open, a session that waits for
  // its client gives up its coroutine frame and waits with a plain
  // handler instead: an idle connection costs half as much, for a little
  // more per query (docs/performance/limits.md). 0: always.
  std::size_t compact_sessions_above = 1000;
};

class Server {
 public:
  // Binds and listens at once, so that local_endpoint() is known and an
  // address in use is reported here (std::system_error), not later.
  Server(asio::any_io_executor executor, const NameIndex& index, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Where the line protocol is served, and HTTP (when asked for).
  asio::ip::tcp::endpoint local_endpoint() const;
  std::optional<asio::ip::tcp::endpoint> http_endpoint() const;

  // Accepts and serves connections until stop(); completes once every
  // session has closed.
  asio::awaitable<void> run();

  // From any thread: stop accepting, let each session finish the answer it
  // is writing (a session waiting for its client answers a query that
  // comes within a quarter of a second, one sent as the stop began), then
  // close every connection.
  void stop();

  struct State;

 private:
  std::shared_ptr<State> state_;
};

// "127.0.0.1:2323", "[::1]:2323".
std::string to_string(const asio::ip::tcp::endpoint& endpoint);

}  // namespace mojifinder
