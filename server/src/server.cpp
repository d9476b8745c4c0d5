#include "mojifinder/server.hpp"

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/ip/address.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <asio/use_awaitable.hpp>
#include <unordered_set>

#include "session.hpp"

namespace mojifinder {

namespace {

constexpr auto as_tuple_awaitable = asio::experimental::as_tuple(asio::use_awaitable);

// When accept fails for want of descriptors, wait this long before trying
// again instead of spinning on an error that will not clear by itself.
constexpr auto accept_backoff = std::chrono::milliseconds(100);

using reuse_port = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

asio::ip::tcp::endpoint resolve(asio::any_io_executor executor, const ServerOptions& options) {
  std::error_code ec;
  const auto address = asio::ip::make_address(options.host, ec);
  if (!ec) return {address, options.port};
  asio::ip::tcp::resolver resolver(executor);
  const auto results = resolver.resolve(options.host, std::to_string(options.port),
                                        asio::ip::tcp::resolver::passive);
  return results.begin()->endpoint();
}

}  // namespace

std::string to_string(const asio::ip::tcp::endpoint& endpoint) {
  const auto address = endpoint.address().to_string();
  const auto port = std::to_string(endpoint.port());
  return endpoint.address().is_v6() ? "[" + address + "]:" + port : address + ":" + port;
}

// Everything the listener and its sessions share; it lives as long as any
// of them, on one strand so that an io_context run by several threads is
// safe too.
struct Server::State {
  State(asio::any_io_executor executor, const NameIndex& index_, ServerOptions options_)
      : index(index_),
        options(std::move(options_)),
        strand(asio::make_strand(executor)),
        acceptor(strand),
        all_closed(strand, asio::steady_timer::time_point::max()) {}

  void log(LogLevel level, const std::string& line) {
    if (options.logger != nullptr && options.logger->enabled(level)) options.logger->write(line);
  }

  const NameIndex& index;
  ServerOptions options;
  asio::strand<asio::any_io_executor> strand;
  asio::ip::tcp::acceptor acceptor;
  std::unordered_set<Session*> sessions;
  asio::steady_timer all_closed;  // cancelled when the last session ends after stop
  bool stopping = false;
};

namespace {

asio::awaitable<void> serve_session(std::shared_ptr<Server::State> state, std::shared_ptr<Session> session) {
  state->sessions.insert(session.get());
  co_await session->run();
  state->sessions.erase(session.get());
  if (state->stopping && state->sessions.empty()) state->all_closed.cancel();
}

asio::awaitable<void> accept_loop(std::shared_ptr<Server::State> state) {
  while (!state->stopping) {
    auto [ec, socket] = co_await state->acceptor.async_accept(as_tuple_awaitable);
    if (state->stopping) break;
    if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
        ec.value() == ENFILE) {
      state->log(LogLevel::error, "accept: " + ec.message() + "; retrying shortly");
      asio::steady_timer backoff(state->strand, accept_backoff);
      co_await backoff.async_wait(as_tuple_awaitable);
      continue;
    }
    if (ec) {
      // A connection reset before it was accepted, and the like: the
      // listener itself is fine.
      state->log(LogLevel::debug, "accept: " + ec.message());
      continue;
    }
    auto session = std::make_shared<Session>(std::move(socket), state->index, state->options.logger);
    asio::co_spawn(state->strand, serve_session(state, std::move(session)), asio::detached);
  }
  if (!state->sessions.empty()) co_await state->all_closed.async_wait(as_tuple_awaitable);
}

}  // namespace

Server::Server(asio::any_io_executor executor, const NameIndex& index, ServerOptions options)
    : state_(std::make_shared<State>(executor, index, std::move(options))) {
  const auto endpoint = resolve(executor, state_->options);
  auto& acceptor = state_->acceptor;
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true));
  if (state_->options.reuse_port) acceptor.set_option(reuse_port(true));
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
}

Server::~Server() = default;

asio::ip::tcp::endpoint Server::local_endpoint() const { return state_->acceptor.local_endpoint(); }

asio::awaitable<void> Server::run() {
  co_await asio::co_spawn(state_->strand, accept_loop(state_), asio::use_awaitable);
}

void Server::stop() {
  asio::post(state_->strand, [state = state_] {
    if (state->stopping) return;
    state->stopping = true;
    std::error_code ignored;
    state->acceptor.close(ignored);
    for (auto* session : state->sessions) session->stop();
    if (state->sessions.empty()) state->all_closed.cancel();
  });
}

}  // namespace mojifinder
