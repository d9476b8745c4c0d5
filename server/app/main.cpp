// The mojifinder program: `search` and `languages` answer from the command
// line, `serve` answers over TCP.
#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <optional>

#include "mojifinder/data/cldr_annotations.hpp"
#include "mojifinder/data/unicode_names.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/version.hpp"
#include "program.hpp"

namespace mojifinder::program {

int finish_output(int status) {
  if (std::fflush(stdout) == 0 && !std::ferror(stdout)) return status;
  std::fprintf(stderr, "mojifinder: cannot write the output: %s\n", std::strerror(errno));
  return exit_failure;
}

// Where Debian installs the UCD (unicode-data) and CLDR (unicode-cldr-core).
constexpr const char* debian_ucd_dir = "/usr/share/unicode";
constexpr const char* debian_cldr_dir = "/usr/share/unicode/cldr/common";

const NameIndex& choose_index(const std::optional<std::filesystem::path>& ucd_dir,
                              const std::optional<std::filesystem::path>& cldr_dir) {
  if (!ucd_dir && !cldr_dir) return embedded_name_index();
  static const auto loaded = [&] {
    // Names first: a wrong --ucd is told before CLDR's files are read.
    const auto names = load_unicode_names(ucd_dir.value_or(debian_ucd_dir));
    return NameIndex::build(names, load_cldr_annotations(cldr_dir.value_or(debian_cldr_dir)));
  }();
  return loaded;
}

}  // namespace mojifinder::program

using namespace mojifinder;
using namespace mojifinder::program;

int main(int argc, char** argv) {
  CLI::App app{"mojifinder: find Unicode characters by the words of their names"};
  app.name("mojifinder");
  app.require_subcommand(0, 1);

  std::optional<std::filesystem::path> ucd_dir;
  bool show_version = false;
  app.add_flag("--version", show_version, "Print the version and the Unicode, emoji and CLDR versions of the data");
  app.add_option("--ucd", ucd_dir, "Read names from this Unicode Character Database directory "
                                   "instead of the data built in")
      ->check(CLI::ExistingDirectory);
  std::optional<std::filesystem::path> cldr_dir;
  app.add_option("--cldr", cldr_dir, "Read keywords and short names from this CLDR common/ directory "
                                     "(holds annotations/) instead of the data built in")
      ->check(CLI::ExistingDirectory);

  SearchOptions search_options;
  auto* search = app.add_subcommand("search", "Print every character whose name holds all WORDs");
  add_search_options(*search, search_options);
  auto* languages = app.add_subcommand("languages", "List the languages --lang takes: code and name");

  ServeOptions serve_options;
  auto* serve = app.add_subcommand("serve", "Answer queries over TCP, telnet-style, until SIGINT or SIGTERM");
  add_serve_options(*serve, serve_options);

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
      std::printf("mojifinder %s (Unicode %.*s, emoji %.*s, CLDR %.*s)\n", version,
                  static_cast<int>(index.unicode_version().size()), index.unicode_version().data(),
                  static_cast<int>(index.emoji_version().size()), index.emoji_version().data(),
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
