// What the mojifinder program's parts share: its exit statuses, its
// options, and the commands it runs.
#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "mojifinder/index/name_index.hpp"
#include "mojifinder/query/query.hpp"
#include "mojifinder/server/logger.hpp"
#include "mojifinder/server/server.hpp"

namespace mojifinder::program {

// Exit status for a command line that is wrong, as the original used (and
// as BSD's sysexits calls EX_USAGE's older cousin): every usage error,
// ours or the option parser's, exits with it.
inline constexpr int exit_usage = 2;
// Exit status when the program could not do its work: a write that
// failed, data that could not be read.
inline constexpr int exit_failure = 1;

// Flushes standard output and says so when what was printed could not all
// be written (a full disk, a closed pipe): a program whose output is lost
// must not report success.
int finish_output(int status);

// The embedded index, or one built at start-up when the user names a UCD
// or a CLDR directory (the other from where Debian installs it).
const NameIndex& choose_index(const std::optional<std::filesystem::path>& ucd_dir,
                              const std::optional<std::filesystem::path>& cldr_dir);

struct SearchOptions {
  std::vector<std::string> words;
  bool json = false;
  std::size_t limit = 0;
  std::string language;  // empty: names only
  Order order = Order::codepoint;
};

// `serve`'s options: the server's own, bound straight to the command line,
// and what the program does around it.
struct ServeOptions {
  ServerOptions server;
  unsigned threads = 1;
  LogLevel log_level = LogLevel::info;
  bool quiet = false;
};

// The subcommands' options on the command line, bound to `options`.
void add_search_options(CLI::App& search, SearchOptions& options);
void add_serve_options(CLI::App& serve, ServeOptions& options);

int run_search(const NameIndex& index, const SearchOptions& options);
// Every language --lang and /lang take: its code and its name in itself.
int run_languages(const NameIndex& index);
// Serves until SIGINT or SIGTERM.
int run_server(const NameIndex& index, ServeOptions options);

}  // namespace mojifinder::program
