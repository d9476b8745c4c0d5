// The one tokenizer. Character names and queries are split into words the
// same way, so that a query made of a name's own words always finds it:
// upper-case, read '-' as a space, split on white space.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mojifinder {

// White space as the original server understood it when it stripped a line
// and split a query (Python's str.isspace): ASCII space, TAB, LF, VT, FF,
// CR, the information separators U+001C..U+001F, NEL, NBSP and the Unicode
// space separators.
constexpr bool is_white_space(char32_t cp) noexcept {
  switch (cp) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D:
    case 0x1C: case 0x1D: case 0x1E: case 0x1F: case 0x20:
    case 0x85: case 0xA0: case 0x1680:
    case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

// `line` without the white space at either end.
std::string_view strip_white_space(std::string_view line) noexcept;

// The next token of `text`: the characters up to the next white space,
// after any white space; `text` is advanced past it. Empty when nothing
// but white space is left. Queries, code points and session commands are
// all split this way.
std::string_view next_token(std::string_view& text) noexcept;

// The words of a text, upper-cased. Upper-casing is ASCII only: character
// names are pure ASCII, so a non-ASCII letter can never be part of a
// matching word anyway. Bytes that are not UTF-8 are kept as they are (and
// so match nothing).
//
// The storage is reused from one split to the next, so a session that keeps
// one WordList allocates nothing per query once it has warmed up.
class WordList {
 public:
  void split(std::string_view text);

  std::span<const std::string_view> words() const noexcept { return words_; }
  bool empty() const noexcept { return words_.empty(); }
  std::size_t size() const noexcept { return words_.size(); }

 private:
  std::string normalized_;
  std::vector<std::string_view> words_;
};

// Convenience for tests and tools: the words of `text` as owned strings.
std::vector<std::string> split_words(std::string_view text);

}  // namespace mojifinder
