// The languages a word of none chosen is looked for in, in the order of
// their speakers as CLDR's territoryInfo counts them: from the CLDR files
// to the image, and what the look finds first.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "mojifinder/data/cldr_annotations.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/query/ranked_results.hpp"

using namespace mojifinder;

namespace {

const NameIndex& index() { return embedded_name_index(); }

bool regional(const NameIndex::Locale& locale) { return locale.code().find('_') != std::string_view::npos; }

}  // namespace

TEST_CASE("speakers: each territory's population times a language's share, summed, for every locale of it") {
  // A CLDR tree of the real files but for supplementalData.xml, which
  // gives two territories.
  namespace fs = std::filesystem;
  const fs::path real = MOJIFINDER_CLDR_DIR;
  const auto tree = fs::temp_directory_path() / ("mojifinder-speakers-" + std::to_string(::getpid()));
  fs::remove_all(tree);
  for (const auto* folder : {"annotations", "annotationsDerived", "supplemental"}) fs::create_directories(tree / folder);
  fs::create_directory_symlink(real / "dtd", tree / "dtd");
  for (const auto* code : {"en", "fr", "fr_CA", "zh_Hant"}) {
    fs::copy_file(real / "annotations" / "en.xml", tree / "annotations" / (std::string(code) + ".xml"));
  }
  const auto write_supplemental = [&](const std::string& territories) {
    std::ofstream(tree / "supplemental" / "supplementalData.xml")
        << "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<supplementalData><territoryInfo>" << territories
        << "</territoryInfo></supplementalData>\n";
  };
  write_supplemental(
      "<territory type=\"AA\" population=\"1000\"><languagePopulation type=\"fr\" populationPercent=\"50\"/>"
      "<languagePopulation type=\"de\" populationPercent=\"10\"/></territory>"
      "<territory type=\"BB\" population=\"2000\"><languagePopulation type=\"fr\" populationPercent=\"25\"/>"
      "<languagePopulation type=\"zh_Hant\" populationPercent=\"100\"/></territory>");
  std::map<std::string, double> speakers;
  for (const auto& locale : load_cldr_annotations(tree).locales) speakers[locale.code] = locale.speakers;
  CHECK(speakers == std::map<std::string, double>{{"en", 0}, {"fr", 1000}, {"fr_CA", 1000}, {"zh_Hant", 2000}});
  // A share that is no share is refused, naming the file and territory.
  write_supplemental("<territory type=\"CC\" population=\"10\"><languagePopulation type=\"fr\" populationPercent=\"150\"/>"
                     "</territory>");
  CHECK_THROWS_WITH_AS(load_cldr_annotations(tree),
                       ((tree / "supplemental" / "supplementalData.xml").string() +
                        ": territory CC has a population or a share out of range").c_str(),
                       CldrError);
  fs::remove_all(tree);

  // CLDR's own figures, as the index keeps them.
  const auto speakers_of = [](const char* code) {
    const auto* locale = index().find_locale(code);
    REQUIRE(locale != nullptr);
    return locale->speakers_thousands();
  };
  CHECK(speakers_of("en") > speakers_of("fr"));
  CHECK(speakers_of("fr") > speakers_of("ca"));
  CHECK(speakers_of("ca") > 0);
  CHECK(speakers_of("es") > speakers_of("pt"));
  CHECK(speakers_of("pt") > speakers_of("gl"));
  CHECK(speakers_of("zh") > speakers_of("ja"));
  CHECK(speakers_of("fr_CA") == speakers_of("fr"));
}

TEST_CASE("speakers: languages are looked in each before its regional forms, the most spoken first") {
  const auto order = index().locales_by_speakers();
  const auto locales = index().locales();
  REQUIRE(order.size() == locales.size());
  std::vector<std::uint16_t> sorted(order.begin(), order.end());
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < sorted.size(); ++i) REQUIRE(sorted[i] == i);  // each once
  for (std::size_t i = 1; i < order.size(); ++i) {
    const auto& before = locales[order[i - 1]];
    const auto& after = locales[order[i]];
    CAPTURE(before.code());
    CAPTURE(after.code());
    CHECK((regional(before) <= regional(after)));
    if (regional(before) == regional(after)) {
      CHECK(before.speakers_thousands() >= after.speakers_thousands());
      if (before.speakers_thousands() == after.speakers_thousands()) CHECK(before.code() < after.code());
    }
  }
  CHECK(locales[order.front()].code() == "en");
  // Words two languages share are found in the more spoken: arbre is
  // Catalan and French, and comes before ca in code order.
  RankedResults results;
  REQUIRE_FALSE(results.start(index(), "arbre", nullptr, Order::relevance, 0));
  std::array<Result, 256> batch;
  while (!results.done()) results.next(batch);
  REQUIRE(results.found_in_language() != nullptr);
  CHECK(results.found_in_language()->code() == "fr");
  CHECK(index().find_locale("ca")->words().find("ARBRE").size() > 0);
}
