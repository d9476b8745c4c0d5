// The mojifinder program: `search` answers from the command line.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "mojifinder/answer.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/version.hpp"

namespace {

// Exit status for a command line that is wrong, as the original used (and
// as BSD's sysexits calls EX_USAGE's older cousin).
constexpr int exit_usage = 2;

// The embedded index, or one built from a UCD directory the user named.
const mojifinder::NameIndex& choose_index(const std::optional<std::filesystem::path>& ucd_dir) {
  if (!ucd_dir) return mojifinder::embedded_name_index();
  static const auto loaded = mojifinder::NameIndex::build(mojifinder::load_unicode_names(*ucd_dir));
  return loaded;
}

int run_search(const mojifinder::NameIndex& index, const std::vector<std::string>& words) {
  if (words.empty()) {
    std::fputs("Please give one or more words to search.\n", stdout);
    return exit_usage;
  }
  std::string query;
  for (const auto& word : words) query.append(word).push_back(' ');
  mojifinder::WordList query_words;
  query_words.split(query);
  std::vector<mojifinder::EntryId> scratch;
  std::string out;
  mojifinder::append_answer(out, index, index.search(query_words, scratch), mojifinder::LineEnd::lf);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mojifinder: find Unicode characters by the words of their names"};
  app.name("mojifinder");
  app.require_subcommand(0, 1);

  std::optional<std::filesystem::path> ucd_dir;
  bool show_version = false;
  app.add_flag("--version", show_version, "Print the version and the Unicode version of the data");
  app.add_option("--ucd", ucd_dir, "Read names from this Unicode Character Database directory "
                                   "instead of the data built in")
      ->check(CLI::ExistingDirectory);

  std::vector<std::string> words;
  auto* search = app.add_subcommand("search", "Print every character whose name holds all WORDs");
  search->add_option("WORD", words, "Words of the name, in any case; '-' counts as a space");

  CLI11_PARSE(app, argc, argv);

  try {
    const auto& index = choose_index(ucd_dir);
    if (show_version) {
      std::cout << "mojifinder " << mojifinder::version << " (Unicode " << index.unicode_version() << ")\n";
      return 0;
    }
    if (search->parsed()) return run_search(index, words);
  } catch (const std::exception& e) {
    std::cerr << "mojifinder: " << e.what() << '\n';
    return 1;
  }
  std::cout << app.help();
  return exit_usage;
}
