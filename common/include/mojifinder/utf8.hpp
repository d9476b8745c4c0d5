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

// True when the whole of `text` is well-formed UTF-8.
bool is_valid(std::string_view text) noexcept;

// Number of bytes that encode `cp` (1 to 4).
std::size_t encoded_length(char32_t cp) noexcept;

// Appends the UTF-8 encoding of `cp`, which must be a scalar value.
void append(std::string& out, char32_t cp);

}  // namespace mojifinder::utf8
