// Reading character names from the Unicode Character Database.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mojifinder {

struct NamedCharacter {
  char32_t code_point;
  std::string name;

  friend bool operator==(const NamedCharacter&, const NamedCharacter&) = default;
};

// Another name of a character, from NameAliases.txt: a correction, a
// control's name (NULL), an alternate (BYTE ORDER MARK) or an
// abbreviation (NUL, ZWJ, NBSP, BOM).
struct NameAlias {
  char32_t code_point;
  std::string alias;
  bool control;  // of type `control`: what names a control character

  friend bool operator==(const NameAlias&, const NameAlias&) = default;
};

// A fully-qualified emoji of more than one code point, from
// emoji/emoji-test.txt, with its name (`flag: Japan`).
struct EmojiSequence {
  std::u32string code_points;
  std::string name;

  friend bool operator==(const EmojiSequence&, const EmojiSequence&) = default;
};

// A block of Blocks.txt, with the other names PropertyValueAliases.txt
// gives it (`Misc_Technical` for Miscellaneous Technical).
struct Block {
  char32_t first, last;
  std::string name;                  // "Miscellaneous Technical"
  std::vector<std::string> aliases;  // "Misc_Technical", "Miscellaneous_Technical"

  friend bool operator==(const Block&, const Block&) = default;
};

// A value of General_Category in PropertyValueAliases.txt: `Lu`,
// `Uppercase_Letter`; a group (`L`, `Letter`) lists its members.
struct CategoryValue {
  std::vector<std::string> names;    // the short name first: "Lu", "Uppercase_Letter"
  std::vector<std::string> members;  // a group's: "Ll", "Lm", "Lo", "Lt", "Lu"; empty for one value

  friend bool operator==(const CategoryValue&, const CategoryValue&) = default;
};

// The General_Category of a run of code points (extracted/DerivedGeneralCategory.txt).
struct CategoryRange {
  char32_t first, last;
  std::string category;  // "Lu"

  friend bool operator==(const CategoryRange&, const CategoryRange&) = default;
};

// An emoji's shortcodes, as chat and code hosts name it (`tada`,
// `party_popper`): from emojibase's sets, which the build writes in a file
// of its own (load_shortcodes()).
struct EmojiShortcodes {
  std::u32string code_points;        // as the RGI set writes the emoji, U+FE0F included
  std::vector<std::string> codes;    // without their colons

  friend bool operator==(const EmojiShortcodes&, const EmojiShortcodes&) = default;
};

// An emoji's emoticons, as people type them for it (`:)`, `<3`, `xD`):
// from emojibase's data, which the build writes in a file of its own
// (load_emoticons()).
struct EmojiEmoticons {
  std::u32string code_points;          // as the RGI set writes the emoji, U+FE0F included
  std::vector<std::string> emoticons;  // printable ASCII, no space

  friend bool operator==(const EmojiEmoticons&, const EmojiEmoticons&) = default;
};

struct UnicodeNames {
  std::string unicode_version;              // "15.0.0"
  std::vector<NamedCharacter> characters;   // in code point order
  std::vector<NameAlias> aliases;           // in the file's order
  std::vector<EmojiSequence> sequences;     // in the file's order
  std::vector<Block> blocks;                // in code point order
  std::vector<CategoryValue> categories;    // in the file's order
  std::vector<CategoryRange> category_ranges;
  std::string emoji_version;  // "15.0", from emoji-test.txt's header; empty without it
  std::vector<EmojiShortcodes> shortcodes;  // in the file's order; empty without one
  std::vector<EmojiEmoticons> emoticons;    // in the file's order; empty without one
};

// Thrown when a UCD file is missing or malformed; what() names the file
// and line.
class UcdError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The characters that the index holds: every code point from U+0020 up
// with a Name property, algorithmic ranges expanded (CJK unified and
// compatibility ideographs, Tangut, Khitan, Nushu; Hangul syllables are
// listed one by one in the file).
//
// `text` is the content of DerivedName.txt, `source` names it in errors.
UnicodeNames parse_derived_names(std::string_view text, std::string_view source);

// NameAliases.txt: `0000;NULL;control`.
std::vector<NameAlias> parse_name_aliases(std::string_view text, std::string_view source);

// emoji-test.txt: the fully-qualified lines of more than one code point.
std::vector<EmojiSequence> parse_emoji_sequences(std::string_view text, std::string_view source);
// emoji-test.txt's `# Version: 17.0` ("17.0"); empty when its header has none.
std::string emoji_test_version(std::string_view text);

// Blocks.txt: `2190..21FF; Arrows`.
std::vector<Block> parse_blocks(std::string_view text, std::string_view source);

// PropertyValueAliases.txt: adds the `blk` aliases to `blocks`, and
// returns the values of `gc`.
std::vector<CategoryValue> parse_property_value_aliases(std::string_view text, std::string_view source,
                                                        std::vector<Block>& blocks);

// Shortcodes, a line an emoji: `1F389; tada party_popper`. A shortcode
// holds a to z, 0 to 9, `_`, `+` and `-`, as every set writes them.
std::vector<EmojiShortcodes> parse_shortcodes(std::string_view text, std::string_view source);

// Emoticons, a line an emoji: its code points, a tab, its emoticons a
// space apart (`1F642<TAB>:)`). A line that starts with `#` is a comment;
// `#` may be in an emoticon (`:#`).
std::vector<EmojiEmoticons> parse_emoticons(std::string_view text, std::string_view source);

// extracted/DerivedGeneralCategory.txt: `0041..005A    ; Lu # ...`.
std::vector<CategoryRange> parse_general_categories(std::string_view text, std::string_view source);

// Reads `ucd_dir`/extracted/DerivedName.txt, and NameAliases.txt,
// emoji/emoji-test.txt, Blocks.txt, PropertyValueAliases.txt and
// extracted/DerivedGeneralCategory.txt when the directory has them.
UnicodeNames load_unicode_names(const std::filesystem::path& ucd_dir);

// Reads a file of shortcodes (parse_shortcodes()) into `names`.
void load_shortcodes(const std::filesystem::path& file, UnicodeNames& names);

// Reads a file of emoticons (parse_emoticons()) into `names`.
void load_emoticons(const std::filesystem::path& file, UnicodeNames& names);

}  // namespace mojifinder
