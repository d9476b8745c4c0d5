#include "mojifinder/server/server.hpp"

#include <algorithm>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/ip/address.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <asio/use_awaitable.hpp>
#include <malloc.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <mutex>
#include <system_error>
#include <unordered_set>

#include "address_counts.hpp"
#include "listener.hpp"
#include "session.hpp"

namespace mojifinder {

namespace {

constexpr auto as_tuple_awaitable = asio::experimental::as_tuple(asio::use_awaitable);

// When accept fails for want of descriptors, wait this long before trying
// again instead of spinning on an error that will not clear by itself.
constexpr auto accept_backoff = std::chrono::milliseconds(100);
// Connections taken from the kernel's queue each time the listener wakes,
// at most, as Redis does: a burst of clients is let in at once instead of
// one for each turn of a loop that busy sessions make long.
constexpr int accepts_per_wakeup = 1000;

}  // namespace

std::string to_string(const asio::ip::tcp::endpoint& endpoint) {
  const auto address = endpoint.address().to_string();
  const auto port = std::to_string(endpoint.port());
  return endpoint.address().is_v6() ? "[" + address + "]:" + port : address + ":" + port;
}

// What the listener and the sessions share; it lives as long as any of
// them. The listener runs on `strand`, so the server's executor may be run
// by several threads; each session runs on a session executor, which runs
// one handler at a time.
struct Server::State : std::enable_shared_from_this<Server::State> {
  State(asio::any_io_executor executor, const NameIndex& index_, ServerOptions options_)
      : index(index_),
        options(std::move(options_)),
        strand(asio::make_strand(executor)),
        acceptor(strand),
        http_acceptor(strand),
        all_closed(strand, asio::steady_timer::time_point::max()),
        sweep_timer(strand) {
    if (options.session_executors.empty()) options.session_executors.push_back(executor);
    if (options.max_connections_per_address > 0) {
      address_counts = std::make_unique<AddressCounts>(options.max_connections_per_address);
    }
  }

  void log(LogLevel level, const std::string& line) {
    if (options.logger != nullptr && options.logger->enabled(level)) options.logger->write(line);
  }

  // The executor for the next connection's session, in turn.
  const asio::any_io_executor& next_session_executor() {
    const auto& executors = options.session_executors;
    return executors[next_executor++ % executors.size()];
  }

  const NameIndex& index;
  ServerOptions options;
  asio::strand<asio::any_io_executor> strand;
  asio::ip::tcp::acceptor acceptor;       // the line protocol's
  asio::ip::tcp::acceptor http_acceptor;  // HTTP's, open when asked for
  asio::steady_timer all_closed;  // cancelled when the last session ends after stop
  asio::steady_timer sweep_timer;  // paces the timeout sweeper; cancelled once all closed after stop
  std::size_t next_executor = 0;
  ServerCounters counters;  // its `stopping` is the server's, set once by stop()
  std::unique_ptr<AddressCounts> address_counts;  // null: no limit per address

  // Sessions run on other threads than the listener: the registry is the
  // one thing they share, touched at start, end and stop only.
  std::mutex sessions_mutex;
  std::unordered_set<Connection*> sessions;
  // Set while more sessions than options.compact_sessions_above are open;
  // written under sessions_mutex, read by the sessions without it.
  std::atomic<bool> compact_sessions{false};

  bool stopping() const noexcept { return counters.stopping.load(std::memory_order_relaxed); }

  // Runs f(session) on the session's own executor if the session is still
  // registered then. A session leaves the registry on its executor, so
  // found there, it is alive. Under sessions_mutex or not, from any thread.
  template <typename F>
  void on_session(Connection* session, F f) {
    asio::post(session->executor(), [self = shared_from_this(), session, f = std::move(f)]() mutable {
      std::lock_guard lock(self->sessions_mutex);
      if (self->sessions.contains(session)) f(*session);
    });
  }

  // After stop, once the last session has ended: run() completes, and the
  // sweeper with it. On `strand`.
  void all_sessions_closed() {
    all_closed.cancel();
    sweep_timer.cancel();
  }

  // Under sessions_mutex. When sessions become compact, those already
  // waiting inside their coroutines are asked to park as well, so that
  // memory per idle connection is the same whenever it connected.
  void count_sessions() {
    const bool compact = sessions.size() > options.compact_sessions_above;
    if (compact == compact_sessions.load(std::memory_order_relaxed)) return;
    compact_sessions.store(compact, std::memory_order_relaxed);
    if (!compact) return;
    for (Connection* session : sessions) on_session(session, [](Connection& s) { s.park(); });
  }
};

namespace {

// Called on the session's executor when its coroutine has ended.
void end_session(const std::shared_ptr<Server::State>& state, Connection* session, ServerCounters::Protocol protocol) {
  bool last = false;
  {
    std::lock_guard lock(state->sessions_mutex);
    state->sessions.erase(session);
    state->counters.uncount(state->counters.connections_open);
    state->counters.uncount(state->counters.open_by_protocol[protocol]);
    state->count_sessions();
    last = state->sessions.empty();
  }
  if (last) {
    asio::post(state->strand, [state] {
      std::lock_guard lock(state->sessions_mutex);
      if (state->stopping() && state->sessions.empty()) state->all_sessions_closed();
    });
  }
}

// Runs the session's coroutine until the session ends or, when sessions
// are compact, has to wait for its client: then no coroutine frame is kept
// while it waits, only the wait.
template <Channel Protocol>
void serve(const std::shared_ptr<Server::State>& state, std::shared_ptr<Session<Protocol>> session) {
  using Outcome = typename Session<Protocol>::Outcome;
  auto run = session->run();
  const auto executor = session->executor();
  asio::co_spawn(executor, std::move(run),
                 [state, session = std::move(session)](std::exception_ptr failure, Outcome outcome) mutable {
                   if (failure || outcome == Outcome::closed) {
                     session->close();
                     end_session(state, session.get(), Protocol::protocol);
                     return;
                   }
                   auto* waiting = session.get();
                   state->counters.count(state->counters.parked);
                   waiting->wait_for_input([state, session = std::move(session)](bool resumed) mutable {
                     state->counters.uncount(state->counters.parked);
                     if (resumed) {
                       serve(state, std::move(session));
                     } else {
                       end_session(state, session.get(), Protocol::protocol);
                     }
                   });
                 });
}

// `late`: accepted as stop() closed the listener. The client, which has
// connected and may have sent its query, gets one answer, as any client in
// the middle of one does, and is closed after it.
template <Channel Protocol>
void start_session(const std::shared_ptr<Server::State>& state, asio::ip::tcp::socket socket, bool late = false) {
  auto session = std::make_shared<Session<Protocol>>(std::move(socket), state->index, state->options,
                                                    state->compact_sessions, state->counters,
                                                    state->address_counts.get());
  if (late) session->answer_once();
  auto& counters = state->counters;
  counters.count(counters.connections_open);
  counters.count(counters.connections_total);
  counters.count(counters.open_by_protocol[Protocol::protocol]);
  counters.count(counters.accepted_by_protocol[Protocol::protocol]);
  {
    std::lock_guard lock(state->sessions_mutex);
    state->sessions.insert(session.get());
    state->count_sessions();
  }
  serve(state, std::move(session));
}

// Over the connection limit: one line, then close. The socket is new and
// its buffer empty, so a non-blocking write takes the line at once (or
// the client is gone, which is as good).
template <Channel Protocol>
void turn_away(const std::shared_ptr<Server::State>& state, asio::ip::tcp::socket socket) {
  count_refusal<Protocol>(state->counters, Refusal::busy);
  std::error_code ec;
  socket.non_blocking(true, ec);
  socket.write_some(asio::buffer(Protocol::refusal_notice(Refusal::busy)), ec);
  socket.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  socket.close(ec);
  state->log(LogLevel::warning, "Refused a connection: " + std::to_string(state->options.max_connections) +
                                    " are open (--max-connections).");
}

// A session for the connection, or a refusal over the connection limit.
template <Channel Protocol>
void admit(const std::shared_ptr<Server::State>& state, asio::ip::tcp::socket socket) {
  std::size_t open = 0;
  {
    std::lock_guard lock(state->sessions_mutex);
    open = state->sessions.size();
  }
  if (open >= state->options.max_connections) return turn_away<Protocol>(state, std::move(socket));
  start_session<Protocol>(state, std::move(socket));
}

// The allocator keeps what it was given back for later, spread over its
// arenas: after a crowd of connections has left (a thousand clients that
// never read, say), tens of megabytes stayed with the process. Once at
// least half of the most connections open since the last time have
// closed, and a hundred at least, the free memory goes back to the system.
void give_back_memory(std::size_t open, std::size_t& most_open_since_trim) {
  most_open_since_trim = std::max(most_open_since_trim, open);
  if (most_open_since_trim - open < 100 || open > most_open_since_trim / 2) return;
#ifdef __GLIBC__
  ::malloc_trim(0);
#endif
  most_open_since_trim = open;
}

// Timeouts without a timer per connection: a few times per timeout, one
// pass over the registry reads each session's deadline and asks only those
// past it to check again on their own executor (where it is known whether
// they still wait for input, or still cannot write).
asio::awaitable<void> sweep_timeouts(std::shared_ptr<Server::State> state) {
  using std::chrono::milliseconds;
  milliseconds shortest = milliseconds::max();
  for (const auto limit : {state->options.idle_timeout, state->options.request_timeout, state->options.write_timeout}) {
    if (limit.count() > 0) shortest = std::min(shortest, limit);
  }
  // Without any timeout the sweeper still runs, for the grace of a stop.
  if (shortest == milliseconds::max()) shortest = milliseconds(4000);
  const auto interval = std::clamp(shortest / 4, milliseconds(10), milliseconds(1000));
  std::size_t most_open_since_trim = 0;
  for (;;) {
    // While stopping, often enough to close sessions at the end of their
    // grace (session.hpp).
    state->sweep_timer.expires_after(state->stopping() ? std::min<milliseconds>(interval, stop_grace / 2) : interval);
    co_await state->sweep_timer.async_wait(as_tuple_awaitable);
    const auto now = Connection::now();
    std::size_t open = 0;
    {
      std::lock_guard lock(state->sessions_mutex);
      // After stop, a session finishing its answer is still held to the
      // write timeout: a client that never reads cannot keep the server
      // from stopping.
      if (state->stopping() && state->sessions.empty()) break;
      for (Connection* session : state->sessions) {
        const auto deadline = session->deadline();
        if (deadline == 0 || now <= deadline) continue;
        state->on_session(session, [](Connection& s) { s.enforce_deadline(); });
      }
      open = state->sessions.size();
    }
    give_back_memory(open, most_open_since_trim);
  }
}

template <Channel Protocol>
asio::awaitable<void> accept_loop(std::shared_ptr<Server::State> state, asio::ip::tcp::acceptor& acceptor) {
  while (!state->stopping()) {
    // The new socket belongs to the event loop its session will run on.
    auto [ec, socket] = co_await acceptor.async_accept(state->next_session_executor(), as_tuple_awaitable);
    if (state->stopping()) {
      // Accepted just before the listener closed: dropping it would reset
      // a client that has done nothing wrong.
      if (!ec) start_session<Protocol>(state, std::move(socket), true);
      break;
    }
    if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space || ec.value() == ENFILE) {
      state->log(LogLevel::error,
                 "accept: " + ec.message() + "; retrying in " + std::to_string(accept_backoff.count()) + " ms");
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
    admit<Protocol>(state, std::move(socket));
    // The rest of the queue without waiting again; any error (the queue
    // empty, or one the wait above handles) ends the batch.
    std::error_code more;
    acceptor.non_blocking(true, more);
    for (int taken = 1; !more && taken < accepts_per_wakeup; ++taken) {
      auto next = acceptor.accept(state->next_session_executor(), more);
      if (!more) admit<Protocol>(state, std::move(next));
    }
  }
}

// Both listeners until stop(), then every session until it has closed.
asio::awaitable<void> serve_until_stopped(std::shared_ptr<Server::State> state) {
  if (state->http_acceptor.is_open()) {
    asio::co_spawn(state->strand, accept_loop<HttpChannel>(state, state->http_acceptor), asio::detached);
  }
  co_await accept_loop<LineChannel>(state, state->acceptor);
  bool open_sessions = false;
  {
    std::lock_guard lock(state->sessions_mutex);
    open_sessions = !state->sessions.empty();
  }
  if (open_sessions) co_await state->all_closed.async_wait(as_tuple_awaitable);
}

}  // namespace

Server::Server(asio::any_io_executor executor, const NameIndex& index, ServerOptions options)
    : state_(std::make_shared<State>(executor, index, std::move(options))) {
  const auto& held = state_->options;
  if (held.listen_fd >= 0) {
    adopt(state_->acceptor, held.listen_fd);
  } else {
    listen(state_->acceptor, resolve(executor, held.host, held.port), held.reuse_port);
  }
  if (held.http_listen_fd >= 0) {
    adopt(state_->http_acceptor, held.http_listen_fd);
  } else if (held.http_port) {
    listen(state_->http_acceptor, resolve(executor, held.host, *held.http_port), held.reuse_port);
  }
}

Server::~Server() = default;

asio::ip::tcp::endpoint Server::local_endpoint() const { return state_->acceptor.local_endpoint(); }

std::optional<asio::ip::tcp::endpoint> Server::http_endpoint() const {
  if (!state_->http_acceptor.is_open()) return std::nullopt;
  return state_->http_acceptor.local_endpoint();
}

asio::awaitable<void> Server::run() {
  asio::co_spawn(state_->strand, sweep_timeouts(state_), asio::detached);
  co_await asio::co_spawn(state_->strand, serve_until_stopped(state_), asio::use_awaitable);
}

void Server::stop() {
  asio::post(state_->strand, [state = state_] {
    if (state->stopping()) return;
    state->counters.stopping.store(true, std::memory_order_relaxed);
    std::error_code ignored;
    state->acceptor.close(ignored);
    state->http_acceptor.close(ignored);
    std::lock_guard lock(state->sessions_mutex);
    for (Connection* session : state->sessions) {
      state->on_session(session, [](Connection& s) { s.stop(); });
    }
    if (state->sessions.empty()) state->all_sessions_closed();
  });
}

}  // namespace mojifinder
