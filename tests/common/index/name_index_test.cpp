#include "mojifinder/index/name_index.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <set>

#include "mojifinder/data/cldr_annotations.hpp"
#include "mojifinder/data/unicode_names.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/index/match_cursor.hpp"
#include "support/oracles.hpp"

using namespace mojifinder;
using CodePoints = std::vector<char32_t>;

namespace {

CodePoints search(const NameIndex& index, std::string_view query) {
  WordList words;
  words.split(query);
  std::vector<EntryId> scratch;
  CodePoints found;
  for (const EntryId id : search(index, words, scratch)) found.push_back(index.code_point(id));
  return found;
}

// The book's own examples index only U+0020..U+007F.
NameIndex ascii_index() {
  const auto& full = embedded_name_index();
  UnicodeNames names{std::string(full.unicode_version()), {}, {}, {}, {}, {}, {}, {}, {}, {}};
  for (EntryId id = 0; id < full.size() && full.code_point(id) < 0x80; ++id) {
    // The controls have no names but their aliases.
    if (full.code_point(id) < 0x20 || full.code_point(id) == 0x7F) continue;
    names.characters.push_back({full.code_point(id), std::string(full.name(id))});
  }
  return NameIndex::build(names);
}

}  // namespace

TEST_CASE("index: the original's examples over U+0020..U+007F") {
  const auto index = ascii_index();
  CHECK(index.size() == 0x7F - 0x20);  // DELETE is a control, without a name
  CHECK(search(index, "DOLLAR") == CodePoints{U'$'});
  CHECK(search(index, "SIGN") == CodePoints{U'#', U'$', U'%', U'+', U'<', U'=', U'>'});
  CHECK(search(index, "A SMALL") == CodePoints{U'a'});
  CHECK(search(index, "SMALL A") == CodePoints{U'a'});
  CHECK(search(index, "BRILLIG").empty());
  CHECK(search(index, "capital a") == CodePoints{U'A'});
}

TEST_CASE("index: cat face finds the ten cat faces, in code point order") {
  CHECK(search(embedded_name_index(), "cat face") ==
        CodePoints{0x1F431, 0x1F638, 0x1F639, 0x1F63A, 0x1F63B, 0x1F63C, 0x1F63D, 0x1F63E, 0x1F63F, 0x1F640});
}

TEST_CASE("index: algorithmic names are searchable") {
  const auto& index = embedded_name_index();
  CHECK(search(index, "4e00") == CodePoints{0x4E00, 0x1F229});  // and SQUARED CJK UNIFIED IDEOGRAPH-4E00
  CHECK(search(index, "cjk unified ideograph-4e00") == CodePoints{0x4E00, 0x1F229});
  CHECK(search(index, "hangul syllable ga") == CodePoints{0xAC00});
  CHECK(search(index, "tangut ideograph 17000") == CodePoints{0x17000});
  CHECK(search(index, "nushu 1b170") == CodePoints{0x1B170});
  CHECK(search(index, "khitan 18b00") == CodePoints{0x18B00});
}

TEST_CASE("index: unknown words, empty and blank queries find nothing") {
  const auto& index = embedded_name_index();
  CHECK(search(index, "brillig").empty());
  CHECK(search(index, "cat brillig").empty());
  CHECK(search(index, "brillig cat").empty());
  CHECK(search(index, "").empty());
  CHECK(search(index, "   \t ").empty());
  CHECK(search(index, "-").empty());
  CHECK(search(index, "cat face brillig").empty());
}

TEST_CASE("index: case, hyphens, word order and repeated words do not matter") {
  const auto& index = embedded_name_index();
  const auto cat_face = search(index, "cat face");
  CHECK(search(index, "CaT FaCe") == cat_face);
  CHECK(search(index, "face cat") == cat_face);
  CHECK(search(index, "cat-face") == cat_face);
  CHECK(search(index, "cat cat face face") == cat_face);
  CHECK(search(index, "cat cat") == search(index, "cat"));
  CHECK(search(index, "hyphen-minus") == search(index, "minus hyphen"));
  CHECK(search(index, "hyphen-minus").front() == U'-');
}

TEST_CASE("index: a query word must match a whole name word") {
  const auto& index = embedded_name_index();
  CHECK(search(index, "smil").empty());
  CHECK(search(index, "grinnin").empty());
  CHECK(search(index, "cats").empty());
  CHECK(search(index, "dolla").empty());
}

TEST_CASE("index: controls are named by their aliases, other characters without a name are left out") {
  const auto& index = embedded_name_index();
  for (char32_t cp = 0; cp < 0x20; ++cp) CHECK(index.find(cp));
  CHECK(index.name(*index.find(0x00)) == "NULL");
  CHECK(index.name(*index.find(0x0A)) == "LINE FEED");
  CHECK(index.name(*index.find(0x7F)) == "DELETE");
  CHECK(index.name(*index.find(0x85)) == "NEXT LINE");
  CHECK_FALSE(index.find(0x80));      // a control with no control alias (only PADDING CHARACTER, a figment)
  CHECK_FALSE(index.find(0x0378));    // unassigned
  CHECK_FALSE(index.find(0xD800));    // surrogate
  CHECK_FALSE(index.find(0xE000));    // private use
  CHECK_FALSE(index.find(0x10FFFF));  // noncharacter
  CHECK(index.find(0x20));
  CHECK(index.find(0xA0));
  CHECK(index.find(0x323AF));
  // Controls answer no name query: the original's answers stay as they were.
  CHECK(search(index, "null") == CodePoints{0x2400, 0x1D159});  // SYMBOL FOR NULL, MUSICAL SYMBOL NULL NOTEHEAD
}

TEST_CASE("index: emoji sequences come after every single character, with every code point on their line") {
  const auto& index = embedded_name_index();
  REQUIRE(index.single_count() < index.size());
  const auto flag = index.other_words().find("JAPAN");
  REQUIRE(!flag.empty());
  const auto japan = std::find_if(flag.begin(), flag.end(), [&](EntryId id) { return id >= index.single_count(); });
  REQUIRE(japan != flag.end());
  CHECK(index.line(*japan) == "U+1F1EF U+1F1F5\t\U0001F1EF\U0001F1F5\tflag: Japan\r\n");
  CHECK(index.name(*japan) == "flag: Japan");
  CHECK(index.code_point(*japan) == 0x1F1EF);
  // Not found as a single character.
  CHECK(index.find(0x1F1EF) != std::optional<EntryId>(*japan));
}

TEST_CASE("index: every whole alias is found as one, and a query that is no alias finds none") {
  const auto& index = embedded_name_index();
  const auto line_feed = index.entries_with_whole_alias(" LINE FEED");
  CHECK(std::vector(line_feed.begin(), line_feed.end()) == std::vector{*index.find(0x0A)});
  const auto zwj = index.entries_with_whole_alias(" ZWJ");
  CHECK(std::vector(zwj.begin(), zwj.end()) == std::vector{*index.find(0x200D)});
  CHECK(index.entries_with_whole_alias(" CAT FACE").empty());
  CHECK(index.entries_with_whole_alias(" LINE").empty());
  // The filter in front of the table must never turn a real key away.
  std::size_t keys = 0;
  for (std::size_t w = 0; w < index.other_words().count(); ++w) {
    const auto word = index.other_words().word(w);
    if (!word.starts_with(' ')) continue;
    ++keys;
    const auto found = index.entries_with_whole_alias(word);
    CHECK_MESSAGE(std::ranges::equal(found, index.other_words().find(word)), word);
  }
  CHECK(keys > 400);
}

namespace {

// What a version of the data holds, by Unicode's own count of the
// characters it has encoded and emoji-test.txt's fully-qualified
// sequences of two code points or more.
struct DataFigures {
  std::size_t characters;
  std::size_t sequences;
};
DataFigures figures_of(std::string_view unicode_version) {
  if (unicode_version == "15.0.0") return {149'186, 2'485};  // Debian 12's unicode-data
  if (unicode_version == "17.0.0") return {159'801, 2'760};  // the npm packages
  FAIL("no figures for Unicode " << unicode_version);
  return {};
}

}  // namespace

TEST_CASE("index: every named character is found by the words of its own name") {
  const auto& index = embedded_name_index();
  REQUIRE(index.size() > 140'000);
  WordList words;
  std::vector<EntryId> scratch;
  std::size_t missed = 0;
  std::size_t named = 0;
  for (EntryId id = 0; id < index.single_count(); ++id) {
    const auto cp = index.code_point(id);
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) continue;  // a control, named by an alias only
    ++named;
    words.split(index.name(id));
    const auto found = search(index, words, scratch);
    if (!std::binary_search(found.begin(), found.end(), id)) {
      ++missed;
      if (missed <= 10) FAIL_CHECK("not found by its own name: " << index.name(id));
    }
  }
  CHECK(named == figures_of(index.unicode_version()).characters);
  CHECK(missed == 0);
}

TEST_CASE("index: search agrees with a scan of every name, on random queries") {
  // An independent oracle: the characters whose word sets hold every query
  // word, found by looking at every name.
  const auto& index = embedded_name_index();
  // Character names only: controls (named by aliases) and emoji sequences
  // are not what NameIndex::search looks at.
  const auto is_control = [&](EntryId id) {
    const auto cp = index.code_point(id);
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
  };
  std::vector<std::set<std::string>> name_words(index.size());
  for (EntryId id = 0; id < index.single_count(); ++id) {
    if (is_control(id)) continue;
    for (auto& w : split_words(index.name(id))) name_words[id].insert(std::move(w));
  }
  std::mt19937 random(20261125);
  for (int round = 0; round < 300; ++round) {
    // Two or three words drawn from names, so that most queries find something.
    std::vector<std::string> query;
    const int count = 1 + static_cast<int>(random() % 3);
    for (int i = 0; i < count; ++i) {
      std::size_t from = random() % index.single_count();
      while (name_words[from].empty()) from = (from + 1) % index.single_count();  // a control
      const auto& words = name_words[from];
      auto it = words.begin();
      std::advance(it, static_cast<long>(random() % words.size()));
      query.push_back(*it);
    }
    if (round % 2 == 1) query.push_back(query.front());  // and a short one twice

    std::string text;
    for (const auto& w : query) text += w + " ";
    CodePoints expected;
    for (EntryId id = 0; id < index.size(); ++id) {
      if (std::all_of(query.begin(), query.end(), [&](const auto& w) { return name_words[id].contains(w); })) {
        expected.push_back(index.code_point(id));
      }
    }
    INFO("query: " << text);
    REQUIRE(search(index, text) == expected);
  }
}

TEST_CASE("index: the embedded image is exactly the one built from the UCD and CLDR directories") {
  const auto& embedded = embedded_name_index();
  auto names = load_unicode_names(MOJIFINDER_UCD_DIR);
  // The build adds emojibase's shortcodes and emoticons when the npm
  // packages are there.
  if (const std::string shortcodes = MOJIFINDER_SHORTCODES_FILE; !shortcodes.empty()) load_shortcodes(shortcodes, names);
  if (const std::string emoticons = MOJIFINDER_EMOTICONS_FILE; !emoticons.empty()) load_emoticons(emoticons, names);
  const auto loaded = NameIndex::build(names, load_cldr_annotations(MOJIFINDER_CLDR_DIR));
  CHECK(loaded.unicode_version() == embedded.unicode_version());
  CHECK(loaded.cldr_version() == embedded.cldr_version());
  CHECK(loaded.size() == embedded.size());
  REQUIRE(loaded.image().size() == embedded.image().size());
  CHECK(std::memcmp(loaded.image().data(), embedded.image().data(), loaded.image().size()) == 0);
}

TEST_CASE("index: the embedded image is well formed and knows its Unicode version") {
  const auto& index = embedded_name_index();
  CHECK_NOTHROW(index.verify());
#if MOJIFINDER_DATA_FROM_DEBIAN
  CHECK(index.unicode_version() == "15.0.0");
  CHECK(index.emoji_version() == "15.0");
  CHECK(index.cldr_version() == "41");
#else
  CHECK(index.unicode_version() == "17.0.0");
  CHECK(index.emoji_version() == "17.0");
  CHECK(index.cldr_version() == "48.2");
#endif
  const auto figures = figures_of(index.unicode_version());
  CHECK(index.single_count() == figures.characters + 62);                   // named characters, and controls
  CHECK(index.size() == figures.characters + 62 + figures.sequences);  // and emoji sequences
}

TEST_CASE("index: the account of the image's sections adds up to the image, every section in it") {
  const auto ascii = ascii_index();  // no languages, no sequences
  for (const auto* index : {&embedded_name_index(), &ascii}) {
    const auto sections = index->sections();
    std::size_t sum = 0;
    for (const auto& section : sections) {
      CAPTURE(section.what);
      CHECK(section.bytes % sizeof(std::uint32_t) == 0);
      sum += section.bytes;
    }
    CHECK(sum == index->image().size());
  }
}

TEST_CASE("index: names and lines agree, and runs of lines are contiguous") {
  const auto& index = embedded_name_index();
  const auto a = *index.find(U'A');
  CHECK(index.name(a) == "LATIN CAPITAL LETTER A");
  CHECK(index.line(a) == "U+0041\tA\tLATIN CAPITAL LETTER A\r\n");
  CHECK(index.lines(a, a + 3) ==
        "U+0041\tA\tLATIN CAPITAL LETTER A\r\nU+0042\tB\tLATIN CAPITAL LETTER B\r\n"
        "U+0043\tC\tLATIN CAPITAL LETTER C\r\n");
  const auto cat = *index.find(0x1F431);
  CHECK(index.name(cat) == "CAT FACE");
  CHECK(index.line(cat) == "U+1F431\t\xF0\x9F\x90\xB1\tCAT FACE\r\n");
}

TEST_CASE("index: a damaged image is refused") {
  const auto image = embedded_name_index().image();
  CHECK_THROWS_AS(NameIndex::view({}), IndexFormatError);
  CHECK_THROWS_AS(NameIndex::view(image.first(16)), IndexFormatError);
  CHECK_THROWS_AS(NameIndex::view(image.first(image.size() - 4)), IndexFormatError);
  std::vector<std::uint32_t> copy(image.size() / 4);
  std::memcpy(copy.data(), image.data(), image.size());
  copy[0] ^= 1;  // the magic
  CHECK_THROWS_WITH_AS(NameIndex::view(std::as_bytes(std::span(copy))), "not a mojifinder index image",
                       IndexFormatError);
}

TEST_CASE("index: building refuses characters out of order") {
  UnicodeNames names{"15.0.0", {{0x42, "B"}, {0x41, "A"}}, {}, {}, {}, {}, {}, {}, {}, {}};
  CHECK_THROWS_AS(NameIndex::build(names), IndexFormatError);
}

namespace {

// Everything a cursor produces for `query`, taken `batch` entries at a time.
std::vector<EntryId> drain(MatchCursor& cursor, const NameIndex& index, std::string_view query, std::size_t batch) {
  WordList words;
  words.split(query);
  cursor.start(index, words);
  std::vector<EntryId> all;
  std::vector<EntryId> out(batch);
  for (std::size_t n; (n = cursor.next(out)) != 0;) {
    REQUIRE(n <= batch);
    all.insert(all.end(), out.begin(), out.begin() + static_cast<long>(n));
  }
  CHECK(cursor.produced() == all.size());
  CHECK(cursor.next(out) == 0);  // a finished cursor stays finished
  return all;
}

}  // namespace

TEST_CASE("index: a cursor gives the same answer whatever its batch size") {
  const auto& index = embedded_name_index();
  std::vector<EntryId> scratch;
  MatchCursor cursor;  // one cursor reused across queries, as a session does
  for (const std::string_view query : {"cat face", "sign", "latin small letter", "cjk 4e00", "brillig",
                                       "", "letter letter a", "hangul syllable ga", "with"}) {
    WordList words;
    words.split(query);
    const auto found = search(index, words, scratch);
    const std::vector<EntryId> expected(found.begin(), found.end());
    for (const std::size_t batch : {1u, 7u, 1000u, 200000u}) {
      INFO("query: '" << query << "', batch " << batch);
      CHECK(drain(cursor, index, query, batch) == expected);
    }
  }
}

TEST_CASE("index: a cursor offers the index's own list only for one distinct word") {
  const auto& index = embedded_name_index();
  MatchCursor cursor;
  WordList words;

  words.split("sign Sign SIGN");
  cursor.start(index, words);
  const auto whole = cursor.whole_list();
  CHECK(whole.data() == index.name_words().find("SIGN").data());
  CHECK(whole.size() == index.name_words().find("SIGN").size());

  words.split("sign dollar");
  cursor.start(index, words);
  CHECK(cursor.whole_list().empty());

  words.split("nosuchword");
  cursor.start(index, words);
  CHECK(cursor.whole_list().empty());
  std::vector<EntryId> out(4);
  CHECK(cursor.next(out) == 0);
}

TEST_CASE("index: a cursor over given lists finds exactly their intersection, whatever their shape") {
  // Lists like the index's: long runs of consecutive entries, sparse
  // stretches and gaps, beside short lists far apart; the cursor must
  // agree with std::set_intersection however it jumps through them.
  std::mt19937 random(20261125);
  const auto below = [&](std::uint32_t bound) { return static_cast<EntryId>(random() % bound); };
  const auto make_list = [&](std::size_t runs) {
    std::set<EntryId> entries;
    for (std::size_t r = 0; r < runs; ++r) {
      const EntryId start = below(200'000);
      const EntryId length = below(3) == 0 ? below(5'000) : 1 + below(20);
      const EntryId stride = below(4) == 0 ? 1 + below(7) : 1;
      for (EntryId i = 0; i < length; ++i) entries.insert(start + i * stride);
    }
    return std::vector<EntryId>(entries.begin(), entries.end());
  };
  MatchCursor cursor;
  std::size_t nonempty = 0;
  for (int round = 0; round < 400; ++round) {
    std::vector<std::vector<EntryId>> owned;
    const std::size_t count = 1 + random() % 3;
    for (std::size_t i = 0; i < count; ++i) owned.push_back(make_list(1 + random() % (i == 0 ? 3 : 40)));
    std::vector<EntryId> expected = owned.front();
    for (std::size_t i = 1; i < owned.size(); ++i) {
      std::vector<EntryId> both;
      std::set_intersection(expected.begin(), expected.end(), owned[i].begin(), owned[i].end(),
                            std::back_inserter(both));
      expected = std::move(both);
    }
    nonempty += !expected.empty();
    const std::vector<std::span<const EntryId>> lists(owned.begin(), owned.end());
    cursor.start(lists);
    std::vector<EntryId> found;
    std::array<EntryId, 64> batch;
    while (const auto n = cursor.next(batch)) found.insert(found.end(), batch.begin(), batch.begin() + n);
    INFO("round " << round);
    CHECK(found == expected);
  }
  CHECK(nonempty > 100);  // the lists overlap often enough to test something
}

TEST_CASE("index: a result line past the bound is refused, naming its code point in hex") {
  UnicodeNames names;
  names.characters.push_back({0x65, std::string(600, 'E')});
  CHECK_THROWS_WITH_AS(NameIndex::build(names), "the result line of U+0065 would be longer than 512 bytes",
                       IndexFormatError);
}

TEST_CASE("index: every code point of an entry, a sequence's all of them, as the UCD gives them") {
  const auto names = load_unicode_names(MOJIFINDER_UCD_DIR);
  const auto& index = embedded_name_index();
  REQUIRE(index.size() - index.single_count() == names.sequences.size());
  for (std::size_t i = 0; i < names.sequences.size(); ++i) {
    const auto id = static_cast<EntryId>(index.single_count() + i);
    const auto cps = index.code_points_of(id);
    CHECK(std::u32string(cps.begin(), cps.end()) == names.sequences[i].code_points);
  }
  const auto cat = *index.find(0x1F431);
  REQUIRE(index.code_points_of(cat).size() == 1);
  CHECK(index.code_points_of(cat).front() == 0x1F431);
}

TEST_CASE("index: the content digest is the same for the same data and changes with any of it") {
  const auto& full = embedded_name_index();
  UnicodeNames names{std::string(full.unicode_version()), {}, {}, {}, {}, {}, {}, {}, {}, {}};
  for (char32_t cp = 0x41; cp <= 0x5A; ++cp) names.characters.push_back({cp, std::string(full.name(*full.find(cp)))});
  const auto first = NameIndex::build(names);
  const auto again = NameIndex::build(names);
  CHECK(first.content_digest() == again.content_digest());
  // A view of the bytes reads the digest the builder wrote.
  CHECK(NameIndex::view(first.image()).content_digest() == first.content_digest());
  names.characters.back().name = "LATIN CAPITAL LETTER ZED";
  const auto renamed = NameIndex::build(names);
  CHECK(renamed.content_digest() != first.content_digest());
  names.unicode_version = "99.0.0";
  CHECK(NameIndex::build(names).content_digest() != renamed.content_digest());
  CHECK(full.content_digest() != 0);
  CHECK(full.content_digest() != first.content_digest());
}
