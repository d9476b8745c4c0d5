// The mojifinder program: `search` answers from the command line, `serve`
// answers over TCP.
#include <CLI/CLI.hpp>
#include <poll.h>
#include <sys/socket.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <asio/co_spawn.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <thread>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "mojifinder/answer_stream.hpp"
#include "mojifinder/cldr_annotations.hpp"
#include "mojifinder/command.hpp"
#include "mojifinder/descriptor_limit.hpp"
#include "mojifinder/language_name.hpp"
#include "mojifinder/query.hpp"
#include "mojifinder/unicode_names.hpp"
#include "mojifinder/words.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/server.hpp"
#include "mojifinder/version.hpp"

namespace {

// Exit status for a command line that is wrong, as the original used (and
// as BSD's sysexits calls EX_USAGE's older cousin): every usage error,
// ours or the option parser's, exits with it.
constexpr int exit_usage = 2;
// Exit status when the program could not do its work: a write that
// failed, data that could not be read.
constexpr int exit_failure = 1;

// Flushes standard output and says so when what was printed could not all
// be written (a full disk, a closed pipe): a program whose output is lost
// must not report success.
int finish_output(int status) {
  if (std::fflush(stdout) == 0 && !std::ferror(stdout)) return status;
  std::fprintf(stderr, "mojifinder: cannot write the output: %s\n", std::strerror(errno));
  return exit_failure;
}

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

// Where Debian installs the UCD (unicode-data) and CLDR (unicode-cldr-core).
constexpr const char* debian_ucd_dir = "/usr/share/unicode";
constexpr const char* debian_cldr_dir = "/usr/share/unicode/cldr/common";

// The embedded index, or one built at start-up when the user names a UCD
// or a CLDR directory (the other from where Debian installs it).
const mojifinder::NameIndex& choose_index(const std::optional<std::filesystem::path>& ucd_dir,
                                          const std::optional<std::filesystem::path>& cldr_dir) {
  if (!ucd_dir && !cldr_dir) return mojifinder::embedded_name_index();
  static const auto loaded = [&] {
    // Names first: a wrong --ucd is told before CLDR's files are read.
    const auto names = mojifinder::load_unicode_names(ucd_dir.value_or(debian_ucd_dir));
    return mojifinder::NameIndex::build(names, mojifinder::load_cldr_annotations(cldr_dir.value_or(debian_cldr_dir)));
  }();
  return loaded;
}

struct SearchOptions {
  std::vector<std::string> words;
  bool json = false;
  std::size_t limit = 0;
  std::string language;  // empty: names only
};

int run_search(const mojifinder::NameIndex& index, const SearchOptions& options) {
  const auto& words = options.words;
  if (words.empty()) {
    std::fputs("Please give one or more words to search.\n", stdout);
    return exit_usage;
  }
  std::string line;
  for (const auto& word : words) line.append(word).push_back(' ');
  // The same query language and the same errors as over the wire.
  const auto text = mojifinder::strip_white_space(line);
  if (text.empty()) {
    std::fputs("Please give one or more words to search.\n", stdout);
    return exit_usage;
  }
  auto error = mojifinder::check_query_text(text);
  using Code = mojifinder::QueryError::Code;
  if (!error && text.front() == '/') {
    error = {Code::not_here, "session commands work over the wire; here, use --json and --limit"};
  }
  mojifinder::Query query{text};
  query.limit = options.limit;
  if (!error && !options.language.empty()) {
    query.language = index.find_locale(options.language);
    if (query.language == nullptr) {
      error = {Code::unknown_language, "no language " + options.language + " (mojifinder languages lists them)"};
    }
  }
  // Streamed as the server streams: `search cjk` holds one piece.
  mojifinder::AnswerStream answer;
  if (!error) error = answer.start(index, query);
  if (error) {
    std::string message;
    mojifinder::append_error(message, mojifinder::AnswerFormat::text, error->detail);
    std::fprintf(stderr, "%s\n", message.c_str());
    return exit_usage;
  }
  const mojifinder::AnswerEncoding encoding{options.json ? mojifinder::AnswerFormat::json : mojifinder::AnswerFormat::text,
                                            mojifinder::LineEnd::lf};
  mojifinder::AnswerPiece piece;
  for (bool last = false; !last;) {
    last = answer.next_piece(encoding, piece);
    for (const auto part : piece.parts) std::fwrite(part.data(), 1, part.size(), stdout);
    if (std::ferror(stdout)) break;
  }
  return finish_output(0);
}

// Every language --lang and /lang take: its code and its name in itself.
int run_languages(const mojifinder::NameIndex& index) {
  for (const auto& locale : index.locales()) {
    std::printf("%.*s\t%s\n", static_cast<int>(locale.code().size()), locale.code().data(),
                mojifinder::language_name(locale.code()).c_str());
  }
  return finish_output(0);
}

struct ServeOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 2323;
  std::optional<std::uint16_t> http_port;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  mojifinder::LogLevel log_level = mojifinder::LogLevel::info;
  bool quiet = false;
  bool proxy_protocol = false;
  bool reuse_port = false;
  std::size_t max_line_bytes = mojifinder::InputDecoder::default_max_line_bytes;
  std::size_t max_connections = mojifinder::ServerOptions{}.max_connections;
  // One address may hold a sixteenth of the default limit: enough for a
  // busy office behind one NAT, not enough to crowd everyone else out.
  std::size_t max_connections_per_ip = 1024;
  double idle_timeout_s = std::chrono::duration<double>(mojifinder::ServerOptions{}.idle_timeout).count();
  double write_timeout_s = std::chrono::duration<double>(mojifinder::ServerOptions{}.write_timeout).count();
  double request_timeout_s = std::chrono::duration<double>(mojifinder::ServerOptions{}.request_timeout).count();
};

std::chrono::milliseconds to_milliseconds(double seconds) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000.0 + 0.5));
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
void serve_until_stopped(const mojifinder::NameIndex& index, const ServeOptions& options,
                         mojifinder::Logger& logger) {
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

  // Under systemd, the sockets it listens on; otherwise host and ports.
  const auto activated = activated_sockets();
  mojifinder::Server server(executors.front(), index,
                            {.host = options.host, .port = options.port, .http_port = options.http_port,
                             .session_executors = executors, .listen_fd = activated.line,
                             .http_listen_fd = activated.http, .reuse_port = options.reuse_port,
                             .logger = &logger, .max_line_bytes = options.max_line_bytes,
                             .max_connections = options.max_connections,
                             .max_connections_per_address = options.max_connections_per_ip,
                             .idle_timeout = to_milliseconds(options.idle_timeout_s),
                             .proxy_protocol = options.proxy_protocol,
                             .request_timeout = to_milliseconds(options.request_timeout_s),
                             .write_timeout = to_milliseconds(options.write_timeout_s)});

  signals.async_wait([&](std::error_code ec, int) {
    if (!ec) server.stop();
  });

  std::exception_ptr failure;
  asio::co_spawn(*loops.front(), server.run(), [&](std::exception_ptr e) {
    failure = e;
    signals.cancel();
    keep_running.clear();  // every session has ended: the other loops may finish
  });

  // HTTP first: once the line below is printed, both ports are announced.
  if (const auto http = server.http_endpoint()) {
    const auto where = mojifinder::to_string(*http);
    std::printf("Serving HTTP on %s (http://%s/).\n", where.c_str(), where.c_str());
  }
  std::printf("Serving on %s. Hit CTRL-C to stop.\n", mojifinder::to_string(server.local_endpoint()).c_str());
  std::fflush(stdout);

  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < loops.size(); ++i) threads.emplace_back([&loop = *loops[i]] { loop.run(); });
  loops.front()->run();
  for (auto& thread : threads) thread.join();

  if (failure) std::rethrow_exception(failure);
}

// Descriptors kept for the listener, the event loops, the log and the
// standard streams.
constexpr std::size_t reserved_descriptors = 32;

int run_server(const mojifinder::NameIndex& index, ServeOptions options) {
  // Past the descriptor limit, accept() fails and a client waits in the
  // backlog without a word; under it, it is told the server is busy.
  const auto descriptors = mojifinder::raise_descriptor_limit();
  if (descriptors > reserved_descriptors && options.max_connections > descriptors - reserved_descriptors) {
    options.max_connections = descriptors - reserved_descriptors;
    std::fprintf(stderr, "mojifinder: --max-connections lowered to %zu: the descriptor limit is %zu\n",
                 options.max_connections, descriptors);
  }
  // A client that vanishes mid-answer must cost an error code, not the
  // process (Asio sends with MSG_NOSIGNAL already; this covers the rest).
  std::signal(SIGPIPE, SIG_IGN);
  {
    // Closed before the last line below, so every log line precedes it.
    mojifinder::Logger logger(stdout, options.quiet ? mojifinder::LogLevel::error : options.log_level);
    serve_until_stopped(index, options, logger);
    const auto closed = logger.close();
    if (closed.blocked) {
      // Nobody reads the log (a full pipe, a paused terminal): say so where
      // it may still be read, and end without touching standard output,
      // which would block the exit too.
      const auto notice = "mojifinder: the log output took nothing for " +
                          std::to_string(mojifinder::Logger::default_close_wait.count()) + " ms; " +
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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mojifinder: find Unicode characters by the words of their names"};
  app.name("mojifinder");
  app.require_subcommand(0, 1);

  std::optional<std::filesystem::path> ucd_dir;
  bool show_version = false;
  app.add_flag("--version", show_version, "Print the version and the Unicode and CLDR versions of the data");
  app.add_option("--ucd", ucd_dir, "Read names from this Unicode Character Database directory "
                                   "instead of the data built in")
      ->check(CLI::ExistingDirectory);
  std::optional<std::filesystem::path> cldr_dir;
  app.add_option("--cldr", cldr_dir, "Read keywords and short names from this CLDR common/ directory "
                                     "(holds annotations/) instead of the data built in")
      ->check(CLI::ExistingDirectory);

  SearchOptions search_options;
  auto* search = app.add_subcommand("search", "Print every character whose name holds all WORDs");
  search->add_option("WORD", search_options.words,
                     "Words of the name, in any case ('-' counts as a space; smil* for every word it begins), "
                     "code points (U+1F600, U+2600..U+260F) or characters to identify");
  search->add_flag("--json", search_options.json, "Print JSON Lines: an object a result, then one with the count");
  search->add_option("--limit", search_options.limit, "Print at most this many results (0: all)")
      ->check(CLI::Validator(
          [](std::string& text) {
            // The same number syntax as /limit over the wire.
            return mojifinder::parse_limit(text) ? std::string() : "takes " + mojifinder::limit_syntax();
          },
          "0..1000000"));

  search->add_option("--lang", search_options.language,
                     "Find by the keywords and short names of this language too (fr, ja, pt-BR)");
  auto* languages = app.add_subcommand("languages", "List the languages --lang takes: code and name");

  ServeOptions serve_options;
  auto* serve = app.add_subcommand("serve", "Answer queries over TCP, telnet-style, until SIGINT or SIGTERM");
  serve->add_option("--host", serve_options.host, "Address to listen on (IPv4 or IPv6)")->capture_default_str();
  serve->add_option("--port", serve_options.port, "Port to listen on; 0 takes a free one")->capture_default_str();
  serve->add_option("--http-port", serve_options.http_port,
                    "Also serve HTTP (the JSON API and the page) on this port; 0 takes a free one");
  serve->add_option("--threads", serve_options.threads, "Event loops, one thread each (default: hardware threads)")
      ->check(CLI::Range(1u, 1024u));
  const std::map<std::string, mojifinder::LogLevel> levels{{"error", mojifinder::LogLevel::error},
                                                             {"warning", mojifinder::LogLevel::warning},
                                                             {"info", mojifinder::LogLevel::info},
                                                             {"debug", mojifinder::LogLevel::debug}};
  serve->add_option("--log-level", serve_options.log_level, "error, warning, info (every query) or debug")
      ->transform(CLI::CheckedTransformer(levels, CLI::ignore_case));
  serve->add_flag("--quiet", serve_options.quiet, "Log errors only");
  serve->add_option("--max-line", serve_options.max_line_bytes,
                    "Bytes in one query line; a longer line gets an error and is thrown away")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{16}, std::size_t{1} << 20));
  serve->add_option("--max-connections", serve_options.max_connections,
                    "Clients served at once; one more is told the server is busy")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 24));
  serve->add_option("--max-connections-per-ip", serve_options.max_connections_per_ip,
                    "Clients served at once from one address (behind a balancer with --proxy-protocol, the address "
                    "it names); one more is told so and closed; 0: no limit")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{1} << 24));
  serve->add_option("--idle-timeout", serve_options.idle_timeout_s,
                    "Seconds a client may go without a complete line before it is closed; 0: never")
      ->capture_default_str()
      ->check(CLI::Validator(check_timeout, "SECONDS"));
  serve->add_flag("--reuse-port", serve_options.reuse_port,
                  "Listen with SO_REUSEPORT, so that a new version can start on the same ports and take over "
                  "when this one stops (set net.ipv4.tcp_migrate_req=1 so that no queued connection is reset)");
  serve->add_flag("--proxy-protocol", serve_options.proxy_protocol,
                  "Every connection begins with a PROXY protocol header (v1 or v2) from a balancer such as HAProxy; "
                  "the client address it carries is the one logged. Without one in --request-timeout: closed unanswered");
  serve->add_option("--request-timeout", serve_options.request_timeout_s,
                    "Seconds an HTTP client may take to send a whole request before it gets 408; 0: never")
      ->capture_default_str()
      ->check(CLI::Validator(check_timeout, "SECONDS"));
  serve->add_option("--write-timeout", serve_options.write_timeout_s,
                    "Seconds a client may leave an answer unread before it is closed; 0: never")
      ->capture_default_str()
      ->check(CLI::Validator(check_timeout, "SECONDS"));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --help-all are ParseErrors of status 0; the parser's own
    // statuses for the others (104, 105, 109...) give way to ours.
    const int status = app.exit(e);
    return finish_output(status == 0 ? 0 : exit_usage);
  }

  try {
    const auto& index = choose_index(ucd_dir, cldr_dir);
    if (show_version) {
      std::printf("mojifinder %s (Unicode %.*s, CLDR %.*s)\n", mojifinder::version,
                  static_cast<int>(index.unicode_version().size()), index.unicode_version().data(),
                  static_cast<int>(index.cldr_version().size()), index.cldr_version().data());
      return finish_output(0);
    }
    if (search->parsed()) return run_search(index, search_options);
    if (languages->parsed()) return run_languages(index);
    if (serve->parsed()) return run_server(index, serve_options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mojifinder: %s\n", e.what());
    return exit_failure;
  }
  std::fputs(app.help().c_str(), stdout);
  return finish_output(exit_usage);
}
