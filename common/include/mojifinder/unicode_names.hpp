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

struct UnicodeNames {
  std::string unicode_version;              // "15.0.0"
  std::vector<NamedCharacter> characters;   // in code point order
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

// Reads `ucd_dir`/extracted/DerivedName.txt.
UnicodeNames load_unicode_names(const std::filesystem::path& ucd_dir);

}  // namespace mojifinder
