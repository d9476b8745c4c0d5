// A mojifinder::Server on a free loopback port, run by its own thread for
// the length of a test. When the test program sets compact_sessions, its
// sessions always park between lines (ctest runs the server suite both
// ways).
#pragma once

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <future>
#include <thread>

#include "mojifinder/embedded_index.hpp"
#include "mojifinder/server/server.hpp"

namespace mojifinder::test {

// Defined by each test program's main.
extern const bool compact_sessions;

class TestServer {
 public:
  explicit TestServer(std::string host = "127.0.0.1") : TestServer(ServerOptions{.host = std::move(host), .port = 0}) {}

  // With compact_sessions set, sessions park between lines whatever the
  // options say. Started later, the server listens at once but accepts
  // and serves nothing until start(): clients can connect and send first.
  enum class Start { now, later };
  explicit TestServer(ServerOptions options, Start when = Start::now)
      : server_(io_.get_executor(), embedded_name_index(), with_compact_sessions(std::move(options))) {
    asio::co_spawn(io_, server_.run(), [this](std::exception_ptr e) { finished_.set_value(e); });
    if (when == Start::now) start();
  }
  ~TestServer() {
    server_.stop();
    if (!thread_.joinable()) start();  // run() must complete before the server goes
    thread_.join();
  }

  void start() {
    thread_ = std::thread([this] { io_.run(); });
  }

  unsigned short port() const { return server_.local_endpoint().port(); }
  // HTTP's, when the options asked for it.
  unsigned short http_port() const { return server_.http_endpoint().value().port(); }
  Server& server() { return server_; }

  // Stops the server and waits until run() has completed; false if it did
  // not within `timeout`.
  bool stop_and_wait(std::chrono::seconds timeout = std::chrono::seconds(10)) {
    server_.stop();
    auto finished = finished_.get_future();
    if (finished.wait_for(timeout) != std::future_status::ready) return false;
    if (auto e = finished.get()) std::rethrow_exception(e);
    return true;
  }

 private:
  static ServerOptions with_compact_sessions(ServerOptions options) {
    if (compact_sessions) options.compact_sessions_above = 0;
    return options;
  }

  asio::io_context io_{1};
  Server server_;
  std::promise<std::exception_ptr> finished_;
  std::thread thread_;
};

}  // namespace mojifinder::test
