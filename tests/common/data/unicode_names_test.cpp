#include "mojifinder/data/unicode_names.hpp"

#include <doctest/doctest.h>

using namespace mojifinder;

namespace {

constexpr std::string_view sample =
    "# DerivedName-15.0.0.txt\n"
    "# Date: 2022-04-26\n"
    "\n"
    "0000..001F    ; CONTROL-*\n"
    "0020          ; SPACE\n"
    "0041          ; LATIN CAPITAL LETTER A  # a trailing comment\n"
    "4E00..4E02    ; CJK UNIFIED IDEOGRAPH-*\n"
    "AC00          ; HANGUL SYLLABLE GA\r\n"
    "20000..20001  ; CJK UNIFIED IDEOGRAPH-*\n";

}  // namespace

TEST_CASE("unicode names: the version comes from the file's first line") {
  CHECK(parse_derived_names(sample, "sample").unicode_version == "15.0.0");
  CHECK(parse_derived_names("0041 ; A\n", "sample").unicode_version == "unknown");
}

TEST_CASE("unicode names: ranges are expanded with the code point in 4 to 6 hex digits") {
  const auto names = parse_derived_names(sample, "sample");
  const std::vector<NamedCharacter> expected{
      {0x20, "SPACE"},
      {0x41, "LATIN CAPITAL LETTER A"},
      {0x4E00, "CJK UNIFIED IDEOGRAPH-4E00"},
      {0x4E01, "CJK UNIFIED IDEOGRAPH-4E01"},
      {0x4E02, "CJK UNIFIED IDEOGRAPH-4E02"},
      {0xAC00, "HANGUL SYLLABLE GA"},
      {0x20000, "CJK UNIFIED IDEOGRAPH-20000"},
      {0x20001, "CJK UNIFIED IDEOGRAPH-20001"},
  };
  CHECK(names.characters == expected);
}

TEST_CASE("unicode names: code points below U+0020 are left out") {
  const auto names = parse_derived_names("0000..0021 ; C-*\n", "sample");
  REQUIRE(names.characters.size() == 2);
  CHECK(names.characters.front().code_point == 0x20);
}

TEST_CASE("unicode names: malformed lines are reported with file and line") {
  CHECK_THROWS_WITH_AS(parse_derived_names("# x\n0041 SPACE\n", "f.txt"),
                       "f.txt:2: expected 'CODE ; NAME'", UcdError);
  CHECK_THROWS_WITH_AS(parse_derived_names("XYZ ; A\n", "f.txt"), "f.txt:1: bad code point 'XYZ'", UcdError);
  CHECK_THROWS_WITH_AS(parse_derived_names("110000 ; A\n", "f.txt"), "f.txt:1: bad code point '110000'",
                       UcdError);
  CHECK_THROWS_WITH_AS(parse_derived_names("0042..0041 ; A*\n", "f.txt"), "f.txt:1: range ends before it starts",
                       UcdError);
  CHECK_THROWS_WITH_AS(parse_derived_names("0041..0042 ; A\n", "f.txt"), "f.txt:1: a range needs a '*' pattern",
                       UcdError);
  CHECK_THROWS_WITH_AS(parse_derived_names("0041 ;  \n", "f.txt"), "f.txt:1: empty name", UcdError);
  CHECK_THROWS_WITH_AS(parse_derived_names("0041 ; A\n0041 ; B\n", "f.txt"), "f.txt: U+0041 is named twice",
                       UcdError);
}

TEST_CASE("unicode names: a name holds only what a character name may, and fits a result line") {
  const std::string allowed = "': a name holds only A to Z, 0 to 9, space and hyphen";
  CHECK_THROWS_WITH_AS(parse_derived_names("# x\n0065 ; LATIN\tE\n", "f.txt"),
                       ("f.txt:2: the name of U+0065, 'LATIN<U+0009>E', holds '<U+0009>" + allowed).c_str(), UcdError);
  CHECK_THROWS_WITH_AS(parse_derived_names("0041 ; Latin a\n", "f.txt"),
                       ("f.txt:1: the name of U+0041, 'Latin a', holds 'a" + allowed).c_str(), UcdError);
  CHECK_THROWS_WITH_AS(parse_derived_names("0041 ; A\xE2\x80\xAE" "B\n", "f.txt"),
                       ("f.txt:1: the name of U+0041, 'A<U+202E>B', holds '<0xE2>" + allowed).c_str(), UcdError);
  // A pattern only for a range, and only at the end of its name.
  CHECK_THROWS_WITH_AS(parse_derived_names("0041 ; A*B\n", "f.txt"),
                       "f.txt:1: 'A*B': a '*' pattern ends the name of a range, and only there", UcdError);
  CHECK_THROWS_WITH_AS(parse_derived_names("0041 ; A-*\n", "f.txt"),
                       "f.txt:1: 'A-*': a '*' pattern ends the name of a range, and only there", UcdError);
  CHECK_THROWS_WITH_AS(parse_derived_names("0041..0042 ; A*B\n", "f.txt"),
                       "f.txt:1: 'A*B': a '*' pattern ends the name of a range, and only there", UcdError);
  CHECK_THROWS_WITH_AS(parse_derived_names("0065 ; " + std::string(300, 'E') + "\n", "f.txt"),
                       "f.txt:1: the name of U+0065 is longer than 256 bytes", UcdError);
  CHECK_THROWS_WITH_AS(parse_name_aliases("0041;a\tb;control\n", "a.txt"),
                       "a.txt:1: the alias 'a<U+0009>b' holds 'a': an alias holds only A to Z, 0 to 9, space and hyphen",
                       UcdError);
  CHECK_THROWS_WITH_AS(
      parse_emoji_sequences("1F1EF 1F1F5 ; fully-qualified # x E0.6 flag:\x1B[2J Japan\n", "e.txt"),
      "e.txt:1: the sequence name 'flag:<U+001B>[2J Japan' holds a control character", UcdError);
}

TEST_CASE("unicode names: a missing UCD directory is a clear error") {
  CHECK_THROWS_AS(load_unicode_names("/nonexistent/ucd"), UcdError);
}

TEST_CASE("unicode names: the installed UCD names every kind of algorithmic range") {
  const auto names = load_unicode_names(MOJIFINDER_UCD_DIR);
  const auto name_of = [&](char32_t cp) -> std::string {
    for (const auto& c : names.characters) {
      if (c.code_point == cp) return c.name;
    }
    return "";
  };
  CHECK(name_of(0x4E00) == "CJK UNIFIED IDEOGRAPH-4E00");
  CHECK(name_of(0xF900) == "CJK COMPATIBILITY IDEOGRAPH-F900");
  CHECK(name_of(0x17000) == "TANGUT IDEOGRAPH-17000");
  CHECK(name_of(0x18B00) == "KHITAN SMALL SCRIPT CHARACTER-18B00");
  CHECK(name_of(0x1B170) == "NUSHU CHARACTER-1B170");
  CHECK(name_of(0xAC00) == "HANGUL SYLLABLE GA");
  CHECK(name_of(0xD7A3) == "HANGUL SYLLABLE HIH");
  CHECK(name_of(0x323AF) == "CJK UNIFIED IDEOGRAPH-323AF");
}

TEST_CASE("unicode names: NameAliases.txt gives every alias, and which name a control") {
  const auto aliases = parse_name_aliases(
      "# NameAliases-15.0.0.txt\n"
      "0000;NULL;control\n"
      "0000;NUL;abbreviation\n"
      "\n"
      "200D;ZWJ;abbreviation\r\n",
      "aliases");
  const std::vector<NameAlias> expected{{0x0000, "NULL", true}, {0x0000, "NUL", false}, {0x200D, "ZWJ", false}};
  CHECK(aliases == expected);
  CHECK_THROWS_WITH_AS(parse_name_aliases("0000;NULL\n", "aliases"), "aliases:1: expected CODE;ALIAS;TYPE",
                       UcdError);
  CHECK_THROWS_WITH_AS(parse_name_aliases("\nXYZ;A;control\n", "aliases"), "aliases:2: bad code point 'XYZ'",
                       UcdError);
}

TEST_CASE("unicode names: emoji-test.txt gives the fully-qualified sequences of more than one code point") {
  const auto sequences = parse_emoji_sequences(
      "# group: Flags\n"
      "1F600                                  ; fully-qualified     # \xF0\x9F\x98\x80 E1.0 grinning face\n"
      "1F1EF 1F1F5                            ; fully-qualified     # \xF0\x9F\x87\xAF\xF0\x9F\x87\xB5 E0.6 flag: Japan\n"
      "263A                                   ; unqualified         # \xE2\x98\xBA E0.6 smiling face\n"
      "263A FE0F                              ; fully-qualified     # \xE2\x98\xBA\xEF\xB8\x8F E0.6 smiling face\n"
      "1F44D 1F3FD                            ; minimally-qualified # x E1.0 thumbs up\n",
      "emoji");
  const std::vector<EmojiSequence> expected{{U"\U0001F1EF\U0001F1F5", "flag: Japan"}, {U"\u263A\uFE0F", "smiling face"}};
  CHECK(sequences == expected);
  CHECK_THROWS_WITH_AS(parse_emoji_sequences("1F1EF ZZ ; fully-qualified # x E0.6 flag\n", "emoji"),
                       "emoji:1: bad code point 'ZZ'", UcdError);
}

TEST_CASE("unicode names: emoji-test.txt's header gives the emoji version") {
  CHECK(emoji_test_version("# emoji-test.txt\r\n# Date: 2025\r\n# Version: 17.0\r\n#\r\n1F600 ; fully-qualified # x E1.0 a\n") ==
        "17.0");
  CHECK(emoji_test_version("# emoji-test.txt\n#\n# Version: 15.0\n") == "15.0");
  // Only in the header, and only a version.
  CHECK(emoji_test_version("# emoji-test.txt\n1F600 ; fully-qualified # x E1.0 a\n# Version: 17.0\n").empty());
  CHECK(emoji_test_version("# Version: 17.0\x1B[2J\n").empty());
  CHECK(emoji_test_version("").empty());
}

TEST_CASE("unicode names: blocks, their aliases and the categories, and their malformed lines named by file and line") {
  auto blocks = parse_blocks("# Blocks\n\n0000..007F; Basic Latin\n2190..21FF; Arrows\n", "Blocks.txt");
  REQUIRE(blocks.size() == 2);
  CHECK(blocks[1] == Block{0x2190, 0x21FF, "Arrows", {}});
  const auto categories = parse_property_value_aliases(
      "blk; ASCII ; Basic_Latin\nblk; NB ; No_Block\ngc ; Cc ; Control ; cntrl\n"
      "gc ; L ; Letter # Ll | Lm | Lo | Lt | Lu\nsc ; Latn ; Latin\n",
      "PropertyValueAliases.txt", blocks);
  CHECK(blocks[0].aliases == std::vector<std::string>{"ASCII", "Basic_Latin"});
  REQUIRE(categories.size() == 2);
  CHECK(categories[0] == CategoryValue{{"Cc", "Control", "cntrl"}, {}});
  CHECK(categories[1] == CategoryValue{{"L", "Letter"}, {"Ll", "Lm", "Lo", "Lt", "Lu"}});
  CHECK(parse_general_categories("0041..005A ; Lu # comment\n0030 ; Nd\n", "G.txt") ==
        std::vector<CategoryRange>{{0x30, 0x30, "Nd"}, {0x41, 0x5A, "Lu"}});
  CHECK_THROWS_WITH_AS(parse_blocks("0000..007F; Basic Latin\n0070..00FF; Latin-1\n", "Blocks.txt"),
                       "Blocks.txt:2: blocks out of order or overlapping", UcdError);
  CHECK_THROWS_WITH_AS(parse_blocks("00FF..0000; Backwards\n", "Blocks.txt"), "Blocks.txt:1: a range that runs backwards",
                       UcdError);
  CHECK_THROWS_WITH_AS(parse_general_categories("0041..005A\n", "G.txt"), "G.txt:1: expected `first..last ; Gc`",
                       UcdError);
}
