// mojifinder serve: the server on its event loops, until SIGINT or
// SIGTERM, on the sockets systemd hands over or on the ports asked for.
#include <poll.h>
#include <sys/socket.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <asio/co_spawn.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "mojifinder/server/descriptor_limit.hpp"
#include "program.hpp"

namespace mojifinder::program {

namespace {

// A number of seconds as --idle-timeout and --write-timeout take it: a
// finite number from 0 (never) to a year, and none so small that it would
// round to no time at all.
std::string check_timeout(const std::string& text) {
  std::size_t end = 0;
  double seconds = 0;
  try {
    seconds = std::stod(text, &end);
  } catch (const std::exception&) {
    return "not a number of seconds: " + text;
  }
  if (end != text.size() || !std::isfinite(seconds)) return "not a number of seconds: " + text;
  if (seconds < 0 || seconds > 365.0 * 24 * 3600) return "seconds out of range (0 to a year): " + text;
  if (seconds > 0 && seconds < 0.001) return "too short to measure (0 for never, else at least 0.001): " + text;
  return {};
}

// A timeout option in seconds, read into `timeout`; its default shown as
// the server's own.
void add_timeout_option(CLI::App& serve, const std::string& name, std::chrono::milliseconds& timeout,
                        const std::string& description) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%g", std::chrono::duration<double>(timeout).count());
  serve.add_option_function<double>(
           name,
           [&timeout](const double& value) {
             timeout = std::chrono::milliseconds(static_cast<std::int64_t>(value * 1000.0 + 0.5));
           },
           description)
      ->default_str(seconds)
      ->check(CLI::Validator(check_timeout, "SECONDS"));
}

// Listening sockets systemd hands over (socket activation, sd_listen_fds(3)):
// named `line` and `http` by the socket units' FileDescriptorName=, or, when
// not named so, the first for the line protocol and the next for HTTP.
struct ActivatedSockets {
  int line = -1;
  int http = -1;
};

ActivatedSockets activated_sockets() {
  char** names = nullptr;
  const int count = sd_listen_fds_with_names(1, &names);  // 1: the children do not inherit them
  if (count < 0) throw std::runtime_error(std::string("sockets handed over: ") + std::strerror(-count));
  ActivatedSockets out;
  std::vector<int> unnamed;
  std::string problem;
  for (int i = 0; i < count; ++i) {
    const int fd = SD_LISTEN_FDS_START + i;
    const std::string name = names != nullptr && names[i] != nullptr ? names[i] : "";
    if (names != nullptr) std::free(names[i]);
    if (sd_is_socket(fd, AF_UNSPEC, SOCK_STREAM, 1) <= 0) {
      problem = "descriptor " + std::to_string(fd) + " (" + name + ") is not a listening TCP socket";
      continue;
    }
    if (name == "line" && out.line < 0) {
      out.line = fd;
    } else if (name == "http" && out.http < 0) {
      out.http = fd;
    } else {
      unnamed.push_back(fd);
    }
  }
  std::free(names);
  for (const int fd : unnamed) {
    if (out.line < 0) {
      out.line = fd;
    } else if (out.http < 0) {
      out.http = fd;
    } else {
      problem = "more sockets handed over than the two the server serves";
    }
  }
  if (!problem.empty()) throw std::runtime_error(problem);
  return out;
}

// One event loop per thread. One listener hands each new connection to the
// loops in turn, and the connection lives on that loop: no lock is taken
// between loops on the path of a query; the index is shared, read-only.
void serve_until_stopped(const NameIndex& index, const ServeOptions& options,
                         Logger& logger) {
  std::vector<std::unique_ptr<asio::io_context>> loops;
  std::vector<asio::any_io_executor> executors;
  for (unsigned i = 0; i < options.threads; ++i) {
    // With one loop, its thread is the only one that touches a socket
    // (the listener runs on it too): its reactor need not lock for I/O,
    // which saves a lock and an unlock at each read and write. With more,
    // the listener's thread registers sockets with the others' reactors.
    loops.push_back(std::make_unique<asio::io_context>(options.threads == 1 ? ASIO_CONCURRENCY_HINT_UNSAFE_IO : 1));
    executors.push_back(loops.back()->get_executor());
  }
  // Keeps the other loops running while they have no connection.
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  for (std::size_t i = 1; i < loops.size(); ++i) keep_running.push_back(asio::make_work_guard(*loops[i]));

  // Before the server listens: a signal that comes once a client could
  // connect is held here until the handler below takes it, instead of
  // killing the process.
  asio::signal_set signals(*loops.front(), SIGINT, SIGTERM);
  // SIGHUP (a terminal closed under the server, logrotate's kill -HUP)
  // must not end it with an answer in flight: there is nothing to reload,
  // so it is logged and ignored, as Redis does.
  asio::signal_set hangups(*loops.front(), SIGHUP);

  // Under systemd, the sockets it listens on; otherwise host and ports.
  const auto activated = activated_sockets();
  auto server_options = options.server;
  server_options.session_executors = executors;
  server_options.listen_fd = activated.line;
  server_options.http_listen_fd = activated.http;
  server_options.logger = &logger;
  Server server(executors.front(), index, std::move(server_options));

  signals.async_wait([&](std::error_code ec, int) {
    if (!ec) server.stop();
  });
  std::function<void(std::error_code, int)> on_hangup = [&](std::error_code ec, int) {
    if (ec) return;
    if (logger.enabled(LogLevel::warning)) logger.write("SIGHUP: nothing to reload; still serving.");
    hangups.async_wait(on_hangup);
  };
  hangups.async_wait(on_hangup);

  std::exception_ptr failure;
  asio::co_spawn(*loops.front(), server.run(), [&](std::exception_ptr e) {
    failure = e;
    signals.cancel();
    hangups.cancel();
    keep_running.clear();  // every session has ended: the other loops may finish
  });

  // HTTP first: once the line below is printed, both ports are announced.
  if (const auto http = server.http_endpoint()) {
    const auto where = to_string(*http);
    std::printf("Serving HTTP on %s (http://%s/).\n", where.c_str(), where.c_str());
  }
  std::printf("Serving on %s. Hit CTRL-C to stop.\n", to_string(server.local_endpoint()).c_str());
  std::fflush(stdout);

  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < loops.size(); ++i) threads.emplace_back([&loop = *loops[i]] { loop.run(); });
  loops.front()->run();
  for (auto& thread : threads) thread.join();

  if (failure) std::rethrow_exception(failure);
}

}  // namespace

void add_serve_options(CLI::App& serve, ServeOptions& options) {
  auto& server = options.server;
  // One address may hold a sixteenth of the default limit: enough for a
  // busy office behind one NAT, not enough to crowd everyone else out.
  server.max_connections_per_address = 1024;
  options.threads = std::max(1u, std::thread::hardware_concurrency());
  serve.add_option("--host", server.host, "Address to listen on (IPv4 or IPv6)")->capture_default_str();
  serve.add_option("--port", server.port, "Port to listen on; 0 takes a free one")->capture_default_str();
  serve.add_option("--http-port", server.http_port,
                   "Also serve HTTP (the JSON API and the page) on this port; 0 takes a free one");
  serve.add_option("--threads", options.threads, "Event loops, one thread each (default: hardware threads)")
      ->check(CLI::Range(1u, 1024u));
  const std::map<std::string, LogLevel> levels{{"error", LogLevel::error},
                                               {"warning", LogLevel::warning},
                                               {"info", LogLevel::info},
                                               {"debug", LogLevel::debug}};
  serve.add_option("--log-level", options.log_level, "error, warning, info (every query) or debug")
      ->transform(CLI::CheckedTransformer(levels, CLI::ignore_case));
  serve.add_flag("--quiet", options.quiet, "Log errors only");
  serve.add_option("--max-line", server.max_line_bytes,
                   "Bytes in one query line; a longer line gets an error and is thrown away")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{16}, std::size_t{1} << 20));
  serve.add_option("--max-connections", server.max_connections,
                   "Clients served at once; one more is told the server is busy")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 24));
  serve.add_option("--max-connections-per-ip", server.max_connections_per_address,
                   "Clients served at once from one address (behind a balancer with --proxy-protocol, the address "
                   "it names); one more is told so and closed; 0: no limit")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{1} << 24));
  add_timeout_option(serve, "--idle-timeout", server.idle_timeout,
                     "Seconds a client may go without a complete line before it is closed; 0: never");
  serve.add_flag("--reuse-port", server.reuse_port,
                 "Listen with SO_REUSEPORT, so that a new version can start on the same ports and take over "
                 "when this one stops (set net.ipv4.tcp_migrate_req=1 so that no queued connection is reset)");
  auto* proxy_protocol =
      serve.add_flag("--proxy-protocol", server.proxy_protocol,
                     "Every connection begins with a PROXY protocol header (v1 or v2) from a balancer such as HAProxy; "
                     "the client address it carries is the one logged. Without one in --request-timeout: closed "
                     "unanswered");
  serve
      .add_option_function<std::vector<std::string>>(
          "--proxy-from",
          [&server](const std::vector<std::string>& ranges) {
            for (const auto& text : ranges) {
              const auto range = AddressRange::parse(text);
              if (!range) throw CLI::ValidationError("--proxy-from", text + " is not an address or CIDR range");
              server.proxy_from.push_back(*range);
            }
          },
          "With --proxy-protocol: the balancers' addresses (CIDR[,CIDR...]); a PROXY header from any other peer "
          "is refused and logged. Without it, every peer is believed: keep clients off the port")
      ->delimiter(',')
      ->type_name("CIDR[,CIDR...]")
      ->needs(proxy_protocol);
  add_timeout_option(serve, "--request-timeout", server.request_timeout,
                     "Seconds an HTTP client may take to send a whole request before it gets 408 (a new connection that sends nothing is closed quietly); 0: never");
  add_timeout_option(serve, "--write-timeout", server.write_timeout,
                     "Seconds a client may leave an answer unread before it is closed; 0: never");
}

// Descriptors kept for the listener, the event loops, the log and the
// standard streams.
constexpr std::size_t reserved_descriptors = 32;

int run_server(const NameIndex& index, ServeOptions options) {
  // Past the descriptor limit, accept() fails and a client waits in the
  // backlog without a word; under it, it is told the server is busy.
  const auto descriptors = raise_descriptor_limit();
  if (descriptors > reserved_descriptors && options.server.max_connections > descriptors - reserved_descriptors) {
    options.server.max_connections = descriptors - reserved_descriptors;
    std::fprintf(stderr, "mojifinder: --max-connections lowered to %zu: the descriptor limit is %zu\n",
                 options.server.max_connections, descriptors);
  }
  // A client that vanishes mid-answer must cost an error code, not the
  // process (Asio sends with MSG_NOSIGNAL already; this covers the rest).
  std::signal(SIGPIPE, SIG_IGN);
  {
    // Closed before the last line below, so every log line precedes it.
    Logger logger(stdout, options.quiet ? LogLevel::error : options.log_level);
    serve_until_stopped(index, options, logger);
    const auto closed = logger.close();
    if (closed.blocked) {
      // Nobody reads the log (a full pipe, a paused terminal): say so where
      // it may still be read, and end without touching standard output,
      // which would block the exit too.
      const auto notice = "mojifinder: the log output took nothing for " +
                          std::to_string(Logger::default_close_wait.count()) + " ms; " +
                          std::to_string(closed.dropped) + " log lines dropped. Server shut down.\n";
      pollfd err{STDERR_FILENO, POLLOUT, 0};
      if (::poll(&err, 1, 100) == 1 && (err.revents & POLLOUT)) {
        [[maybe_unused]] const auto n = ::write(STDERR_FILENO, notice.data(), notice.size());
      }
      std::_Exit(exit_failure);
    }
  }
  std::printf("Server shut down.\n");
  return finish_output(0);
}

}  // namespace mojifinder::program
