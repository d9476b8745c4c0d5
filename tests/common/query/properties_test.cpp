// Blocks and categories in queries: `block:NAME` and `category:X`, checked
// against the UCD's own files (Blocks.txt, PropertyValueAliases.txt,
// DerivedGeneralCategory.txt), every block and every value.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "mojifinder/data/unicode_names.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/query/results.hpp"
#include "support/oracles.hpp"

using namespace mojifinder;

namespace {

const NameIndex& index() { return embedded_name_index(); }

const UnicodeNames& ucd() {
  static const auto names = load_unicode_names(MOJIFINDER_UCD_DIR);
  return names;
}

std::vector<Result> found(const std::string& query) {
  std::string error;
  auto results = find_all(index(), query, error);
  INFO("query: " << query);
  CHECK(error.empty());
  return results;
}

std::string error_of(const std::string& query) {
  std::string error;
  CHECK(find_all(index(), query, error).empty());
  return error;
}

// The single entries whose code points `holds` takes, in order.
template <typename Holds>
std::vector<Result> singles_where(Holds holds) {
  std::vector<Result> out;
  for (EntryId id = 0; id < index().single_count(); ++id) {
    if (holds(index().code_point(id), id)) out.push_back(id);
  }
  return out;
}

// A name as a query token: one word, spaces as `_`.
std::string token(std::string text) {
  std::replace(text.begin(), text.end(), ' ', '_');
  return text;
}

// The General_Category of each code point the index has, from the file.
std::map<char32_t, std::string> category_of_each() {
  std::map<char32_t, std::string> out;
  for (const auto& range : ucd().category_ranges) {
    if (range.category == "Cn") continue;  // unassigned: no entry has it
    for (char32_t cp = range.first; cp <= range.last; ++cp) {
      if (index().find(cp)) out[cp] = range.category;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("properties: every block, by its name and each alias, lists exactly its characters") {
  REQUIRE(ucd().blocks.size() > 300);
  for (const auto& block : ucd().blocks) {
    const auto expected = singles_where([&](char32_t cp, EntryId) { return cp >= block.first && cp <= block.last; });
    std::vector<std::string> names{block.name};
    names.insert(names.end(), block.aliases.begin(), block.aliases.end());
    for (const auto& name : names) {
      INFO("block: " << name);
      CHECK(found("block:" + token(name)) == expected);
    }
  }
  // Loosely: case, `-` and `_` do not count.
  CHECK(found("block:arrows") == found("BLOCK:Arrows"));
  CHECK(found("block:misc_technical") == found("block:Miscellaneous-Technical"));
  CHECK(found("block:arrows").size() == 112);
}

TEST_CASE("properties: every General_Category value and group, short or long, lists exactly its characters") {
  const auto categories = category_of_each();
  REQUIRE(ucd().categories.size() >= 38);
  for (const auto& value : ucd().categories) {
    const auto& members = value.members.empty() ? std::vector<std::string>{value.names.front()} : value.members;
    const auto expected = singles_where([&](char32_t cp, EntryId) {
      const auto it = categories.find(cp);
      return it != categories.end() && std::ranges::find(members, it->second) != members.end();
    });
    for (const auto& name : value.names) {
      INFO("category: " << name);
      CHECK(found("category:" + name) == expected);
    }
  }
  CHECK(found("category:L").size() > 130000);
  CHECK(found("category:currency_symbol") == found("category:sc"));
}

TEST_CASE("properties: each character's block and category by name, as the UCD's files give them") {
  // Every code point of every block, and those just outside.
  std::size_t checked = 0;
  for (const auto& block : ucd().blocks) {
    CHECK(index().block_of(block.first) == block.name);
    CHECK(index().block_of(block.last) == block.name);
    const auto middle = block.first + (block.last - block.first) / 2;
    CHECK(index().block_of(middle) == block.name);
    ++checked;
  }
  CHECK(checked == ucd().blocks.size());
  for (std::size_t i = 1; i < ucd().blocks.size(); ++i) {
    const auto gap = ucd().blocks[i - 1].last + 1;
    if (gap < ucd().blocks[i].first) CHECK(index().block_of(gap).empty());
  }
  // Blocks.txt's own spelling or the package's long alias (UAX #44 matches
  // them loosely: case, spaces, `-` and `_` do not count).
  const auto loose = [](std::string_view name) {
    std::string folded;
    for (const char c : name) {
      if (c != ' ' && c != '-' && c != '_') folded += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return folded;
  };
  CHECK(loose(index().block_of(0x1F431)) == loose("Miscellaneous Symbols and Pictographs"));
  CHECK(loose(index().block_of(0x00E9)) == loose("Latin-1 Supplement"));
  CHECK(loose(index().block_of(0x10FFFF)) == loose("Supplementary Private Use Area-B"));
  CHECK(index().block_of(0x110000).empty());
  // Each entry's category by name: the file's short name first.
  const auto categories = category_of_each();
  REQUIRE(categories.size() > 150000);
  for (const auto& [cp, category] : categories) {
    const auto names = index().category_names(index().category_of(*index().find(cp)));
    if (names.substr(0, names.find('|')) != category) {
      FAIL_CHECK("U+" << std::hex << static_cast<std::uint32_t>(cp) << ": " << names << ", not " << category);
    }
  }
  CHECK(index().category_names(index().category_of(*index().find(U'\u00E9'))) == "Ll|Lowercase_Letter");
  CHECK(index().category_names(NameIndex::no_category).empty());
}

TEST_CASE("properties: with words, the characters the words find in the block or category") {
  const auto arrows = *std::ranges::find_if(ucd().blocks, [](const Block& b) { return b.name == "Arrows"; });
  WordList words;
  const auto name_has = [&](EntryId id, std::string_view word) {
    words.split(index().name(id));
    return std::ranges::find(words.words(), word) != words.words().end();
  };
  CHECK(found("block:arrows double") == singles_where([&](char32_t cp, EntryId id) {
          return cp >= arrows.first && cp <= arrows.last && name_has(id, "DOUBLE");
        }));
  CHECK(found("block:arrows double").size() == 20);
  const auto categories = category_of_each();
  CHECK(found("category:Sc dollar") == singles_where([&](char32_t cp, EntryId id) {
          return categories.contains(cp) && categories.at(cp) == "Sc" && name_has(id, "DOLLAR");
        }));
  // Prefixes and the fallbacks are narrowed too; two narrowings meet.
  CHECK(found("block:arrows doub*") == found("block:arrows double"));
  CHECK(found("block:basic_latin category:Lu").size() == 26);
  CHECK(found("category:Lu category:Sc").empty());
  CHECK(found("block:arrows block:basic_latin").empty());
  // An alias the query is does not pass around a block: zwj is no arrow.
  CHECK(found("block:arrows zwj").empty());
}

TEST_CASE("properties: an unknown block or category, or one beside code points, is a clear error") {
  CHECK(error_of("block:arrowz") ==
        "error: no block arrowz: a block's name as Blocks.txt gives it, any case, spaces as _ (block:arrows, "
        "block:misc_technical)");
  CHECK(error_of("category:Xx cat") ==
        "error: no category Xx: a General_Category, short or long (category:Sc, category:currency_symbol, "
        "category:L)");
  CHECK(error_of("block: cat") ==
        "error: no block : a block's name as Blocks.txt gives it, any case, spaces as _ (block:arrows, "
        "block:misc_technical)");
  CHECK(error_of("U+2190 block:arrows") == "error: block: and category: narrow words, not code points (block:arrows double)");
}

TEST_CASE("properties: a category's long answer comes in calls of bounded work") {
  Results results;
  REQUIRE_FALSE(results.start(index(), "category:L"));
  std::array<Result, 256> batch;
  std::size_t calls = 0;
  while (!results.done()) {
    std::size_t work = work_per_call;
    results.next(batch, work);
    ++calls;
    REQUIRE(calls < 100000);
  }
  CHECK(results.produced() > 130000);
  CHECK(calls > results.produced() / batch.size());
}
