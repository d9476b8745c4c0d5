#include "mojifinder/words.hpp"

#include "mojifinder/utf8.hpp"

namespace mojifinder {

bool is_white_space(char32_t cp) noexcept {
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

char ascii_upper(char c) noexcept {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

}  // namespace

std::string_view strip_white_space(std::string_view line) noexcept {
  while (const auto n = leading_space_length(line)) line.remove_prefix(n);
  while (const auto n = trailing_space_length(line)) line.remove_suffix(n);
  return line;
}

void WordList::split(std::string_view text) {
  // First normalize into one buffer (upper case, every separator a single
  // space), then take views into it: the views stay valid because the
  // buffer is not touched again until the next split.
  normalized_.clear();
  words_.clear();
  while (!text.empty()) {
    if (const auto space = leading_space_length(text)) {
      normalized_.push_back(' ');
      text.remove_prefix(space);
      continue;
    }
    const char c = text[0];
    normalized_.push_back(c == '-' ? ' ' : ascii_upper(c));
    text.remove_prefix(1);
  }
  std::string_view rest = normalized_;
  while (!rest.empty()) {
    const auto start = rest.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    const auto end = rest.find(' ');
    words_.push_back(rest.substr(0, end));
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
  }
}

std::vector<std::string> split_words(std::string_view text) {
  WordList list;
  list.split(text);
  return {list.words().begin(), list.words().end()};
}

}  // namespace mojifinder
