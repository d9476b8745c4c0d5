#include "mojifinder/text/words.hpp"

#include <array>

#include "mojifinder/text/utf8.hpp"

namespace mojifinder {

namespace {

// Length of the white space code point at the start of `text`, or 0.
std::size_t leading_space_length(std::string_view text) noexcept {
  if (text.empty()) return 0;
  const auto byte = static_cast<unsigned char>(text[0]);
  if (byte < 0x80) return is_white_space(byte) ? 1 : 0;
  const auto decoded = utf8::decode(text);
  return decoded && is_white_space(decoded->code_point) ? decoded->length : 0;
}

// Length of the white space code point that `text` ends with, or 0. Only
// the last four bytes can hold it.
std::size_t trailing_space_length(std::string_view text) noexcept {
  for (std::size_t length = 1; length <= 4 && length <= text.size(); ++length) {
    const auto tail = text.substr(text.size() - length);
    const auto decoded = utf8::decode(tail);
    if (decoded && decoded->length == length) {
      return is_white_space(decoded->code_point) ? length : 0;
    }
  }
  return 0;
}

constexpr char ascii_upper(char c) noexcept {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

// What an ASCII byte becomes in a query: upper case, and every separator
// (white space, `-`) a space.
constexpr auto ascii_normal = [] {
  std::array<char, 128> table{};
  for (std::size_t byte = 0; byte < table.size(); ++byte) {
    const auto c = static_cast<char>(byte);
    table[byte] = c == '-' || is_white_space(static_cast<char32_t>(byte)) ? ' ' : ascii_upper(c);
  }
  return table;
}();

}  // namespace

std::string_view strip_white_space(std::string_view line) noexcept {
  while (const auto n = leading_space_length(line)) line.remove_prefix(n);
  while (const auto n = trailing_space_length(line)) line.remove_suffix(n);
  return line;
}

std::string_view next_token(std::string_view& text) noexcept {
  while (const auto n = leading_space_length(text)) text.remove_prefix(n);
  std::size_t end = 0;
  while (end < text.size()) {
    const auto byte = static_cast<unsigned char>(text[end]);
    if (byte < 0x80) {
      if (is_white_space(byte)) break;
      ++end;
      continue;
    }
    const auto decoded = utf8::decode(text.substr(end));
    if (!decoded) {  // not UTF-8: part of the token, as WordList keeps it
      ++end;
      continue;
    }
    if (is_white_space(decoded->code_point)) break;
    end += decoded->length;
  }
  const auto token = text.substr(0, end);
  text.remove_prefix(end);
  return token;
}

void WordList::split(std::string_view text) {
  // One pass writes the normalized words into one buffer and takes views
  // into it: every input byte gives at most one, so the buffer is sized
  // once and the views stay valid until the next split.
  normalized_.resize(text.size());
  words_.clear();
  char* out = normalized_.data();
  char* word = out;  // where the word being written began
  const auto end_word = [&] {
    if (out != word) words_.emplace_back(word, static_cast<std::size_t>(out - word));
    word = out;
  };
  while (!text.empty()) {
    const auto byte = static_cast<unsigned char>(text[0]);
    char normal = text[0];
    std::size_t length = 1;
    if (byte < 0x80) {
      normal = ascii_normal[byte];
    } else if (const auto space = leading_space_length(text)) {
      normal = ' ';
      length = space;
    }
    text.remove_prefix(length);
    if (normal == ' ') {
      end_word();
    } else {
      *out++ = normal;
    }
  }
  end_word();
}

std::vector<std::string> split_words(std::string_view text) {
  WordList list;
  list.split(text);
  return {list.words().begin(), list.words().end()};
}

}  // namespace mojifinder
