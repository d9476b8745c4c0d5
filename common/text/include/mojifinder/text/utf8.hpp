// UTF-8 encoding and decoding, strict as RFC 3629 demands: no overlong
// forms, no surrogates, nothing above U+10FFFF.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mojifinder::utf8 {

inline constexpr char32_t max_code_point = 0x10FFFF;

struct Decoded {
  char32_t code_point;
  std::size_t length;  // bytes consumed, 1 to 4
};

// Decodes the code point that `text` starts with; nullopt when the first
// bytes are not well-formed UTF-8 (or `text` is empty).
std::optional<Decoded> decode(std::string_view text) noexcept;

// True when every byte of `text` is ASCII: most queries and words, which
// then need no decoding.
inline bool is_ascii(std::string_view text) noexcept {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// True when the whole of `text` is well-formed UTF-8.
bool is_valid(std::string_view text) noexcept;

// Number of bytes that encode `cp` (1 to 4).
std::size_t encoded_length(char32_t cp) noexcept;

// Appends the UTF-8 encoding of `cp`, which must be a scalar value. Inline:
// the answer writers call it for every character they send.
inline void append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
    return;
  }
  char bytes[4];
  std::size_t length = 0;
  if (cp < 0x800) {
    bytes[0] = static_cast<char>(0xC0 | (cp >> 6));
    length = 2;
  } else if (cp < 0x10000) {
    bytes[0] = static_cast<char>(0xE0 | (cp >> 12));
    bytes[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    length = 3;
  } else {
    bytes[0] = static_cast<char>(0xF0 | (cp >> 18));
    bytes[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    bytes[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    length = 4;
  }
  bytes[length - 1] = static_cast<char>(0x80 | (cp & 0x3F));
  out.append(bytes, length);
}

}  // namespace mojifinder::utf8
