// The index built from the npm packages' Unicode 17 and CLDR 48 (as
// tools/export_npm_data.mjs writes them), checked against what Debian's
// Unicode 15.0 and CLDR 41 lack: cases generated from the data, not
// listed by hand.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "mojifinder/cldr_annotations.hpp"
#include "mojifinder/name_index.hpp"
#include "mojifinder/unicode_names.hpp"
#include "support/oracles.hpp"

namespace {

using namespace mojifinder;

const NameIndex& npm_index() {
  static const auto index = NameIndex::build(load_unicode_names(MOJIFINDER_NPM_DATA_DIR "/ucd"),
                                             load_cldr_annotations(MOJIFINDER_NPM_DATA_DIR "/cldr"));
  return index;
}

const NameIndex& debian_index() {
  static const auto index =
      NameIndex::build(load_unicode_names(MOJIFINDER_DEBIAN_UCD_DIR), load_cldr_annotations(MOJIFINDER_DEBIAN_CLDR_DIR));
  return index;
}

std::vector<Result> found(std::string_view query, const NameIndex::Locale* language = nullptr) {
  std::string error;
  auto results = find_all(npm_index(), query, error, language);
  INFO(query, ": ", error);
  CHECK(error.empty());
  return results;
}

bool holds(const std::vector<Result>& results, EntryId id) {
  return std::find(results.begin(), results.end(), id) != results.end();
}

std::string code_point_query(char32_t cp) {
  char text[16];
  std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(cp));
  return text;
}

// The entries of the npm index that Debian's lacks: characters by code
// point, sequences by their code points.
std::vector<EntryId> entries_new_since_debian() {
  const auto& npm = npm_index();
  const auto& debian = debian_index();
  std::set<std::vector<std::uint32_t>> debian_sequences;
  for (EntryId id = static_cast<EntryId>(debian.single_count()); id < debian.size(); ++id) {
    const auto cps = debian.code_points_of(id);
    debian_sequences.emplace(cps.begin(), cps.end());
  }
  std::vector<EntryId> out;
  for (EntryId id = 0; id < npm.size(); ++id) {
    if (id < npm.single_count()) {
      if (!debian.find(npm.code_point(id))) out.push_back(id);
    } else {
      const auto cps = npm.code_points_of(id);
      if (!debian_sequences.contains(std::vector<std::uint32_t>(cps.begin(), cps.end()))) out.push_back(id);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("npm data: Unicode 17.0 and CLDR 48, phoenix, distorted face and U+1FAEA") {
  const auto& index = npm_index();
  CHECK_NOTHROW(index.verify());
  CHECK(index.unicode_version() == "17.0.0");
  CHECK(index.cldr_version() == "48.2");
  const auto phoenix = found("phoenix");
  REQUIRE(phoenix.size() == 1);
  const auto cps = index.code_points_of(phoenix[0]);
  CHECK(std::vector<std::uint32_t>(cps.begin(), cps.end()) == std::vector<std::uint32_t>{0x1F426, 0x200D, 0x1F525});
  const auto distorted = found("distorted face");
  REQUIRE(distorted.size() == 1);
  CHECK(index.code_point(distorted[0]) == 0x1FAEA);
  CHECK(found("U+1FAEA") == distorted);
}

TEST_CASE("npm data: every character named since Unicode 15.0 is found by its name and identified by its code point") {
  const auto& index = npm_index();
  std::size_t characters = 0;
  for (const auto id : entries_new_since_debian()) {
    if (id >= index.single_count()) continue;
    ++characters;
    const std::string name(index.name(id));
    CAPTURE(name);
    CHECK(holds(found(name), id));
    CHECK(found(code_point_query(index.code_point(id))) == std::vector<Result>{id});
  }
  // Unicode 15.1, 16.0 and 17.0 added 627, 5,185 and 4,803 characters.
  CHECK(characters == 627 + 5185 + 4803);
}

TEST_CASE("npm data: every emoji sequence since emoji 15.0 is found by its name, unless character names answer it") {
  // Sequence names are looked at when names find nothing, so that the
  // original's answers stay as they were: `lime` finds QUICK LIME alone.
  const auto& index = npm_index();
  std::size_t sequences = 0, answered_by_names = 0;
  for (const auto id : entries_new_since_debian()) {
    if (id < index.single_count()) continue;
    ++sequences;
    const std::string name(index.name(id));
    CAPTURE(name);
    const auto results = found(name);
    if (holds(results, id)) continue;
    ++answered_by_names;
    CHECK(!results.empty());
    CHECK(std::all_of(results.begin(), results.end(), [&](Result r) { return r < index.single_count(); }));
  }
  MESSAGE(sequences, " sequences since emoji 15.0, ", answered_by_names, " of them answered by character names");
  CHECK(sequences > 0);
  CHECK(answered_by_names * 100 < sequences);
}

TEST_CASE("npm data: in five languages, the short name of every character or sequence since 15.0 finds it") {
  const auto& index = npm_index();
  const auto added = entries_new_since_debian();
  for (const auto* code : {"fr", "de", "ja", "es", "pt"}) {
    const auto* language = index.find_locale(code);
    REQUIRE(language != nullptr);
    std::size_t named = 0;
    for (const auto id : added) {
      const std::string short_name(language->short_name(id));
      if (short_name.empty()) continue;
      ++named;
      CAPTURE(code);
      CAPTURE(short_name);
      CHECK(holds(found(short_name, language), id));
    }
    CAPTURE(code);
    CHECK(named > 100);
  }
}
