// Build-time generator: compiles the Unicode Character Database and CLDR's
// annotations into the index image that is embedded in every mojifinder binary, the way CPython
// compiles its unicodedata tables. Run by the build, not by users.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "mojifinder/data/cldr_annotations.hpp"
#include "mojifinder/data/unicode_names.hpp"
#include "mojifinder/index/name_index.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Compile the Unicode Character Database into a mojifinder index image"};
  std::filesystem::path ucd_dir;
  std::filesystem::path cldr_dir;
  std::filesystem::path output;
  app.add_option("--ucd", ucd_dir, "UCD directory (holds extracted/DerivedName.txt)")->required();
  app.add_option("--cldr", cldr_dir, "CLDR's common directory (holds annotations/)")->required();
  std::filesystem::path shortcodes;
  app.add_option("--shortcodes", shortcodes, "Emoji shortcodes, a line an emoji (`1F389; tada party_popper`)");
  std::filesystem::path emoticons;
  app.add_option("--emoticons", emoticons, "Emoticons, a line an emoji (`1F642<TAB>:)`)");
  app.add_option("--output", output, "Image file to write")->required();
  CLI11_PARSE(app, argc, argv);

  try {
    auto names = mojifinder::load_unicode_names(ucd_dir);
    if (!shortcodes.empty()) mojifinder::load_shortcodes(shortcodes, names);
    if (!emoticons.empty()) mojifinder::load_emoticons(emoticons, names);
    const auto index = mojifinder::NameIndex::build(names, mojifinder::load_cldr_annotations(cldr_dir));
    index.verify();
    // Write beside the target and rename, so that an interrupted build never
    // leaves a truncated image that looks up to date.
    const auto partial = std::filesystem::path(output) += ".partial";
    {
      std::ofstream file(partial, std::ios::binary | std::ios::trunc);
      const auto bytes = index.image();
      file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
      if (!file.flush()) throw std::runtime_error(partial.string() + ": cannot be written");
    }
    std::filesystem::rename(partial, output);
    std::cout << "Compiled " << index.size() << " characters, " << index.name_words().count()
              << " words (Unicode " << index.unicode_version() << "), " << index.locales().size()
              << " languages (CLDR " << index.cldr_version() << ") into " << output.string() << " ("
              << index.image().size() << " bytes)\n";
  } catch (const std::exception& e) {
    std::cerr << "compile_ucd: " << e.what() << '\n';
    return 1;
  }
}
