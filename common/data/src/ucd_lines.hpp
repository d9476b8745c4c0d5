// What the readers of the UCD's files and of files in their format share:
// a line's fields trimmed, its code points parsed, its errors naming the
// file and the line. Internal to mojifinder::common.
#pragma once

#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "mojifinder/data/unicode_names.hpp"
#include "mojifinder/text/utf8.hpp"

namespace mojifinder::ucd_lines {

inline std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

class LineParser {
 public:
  LineParser(std::string_view source, std::size_t line_number)
      : source_(source), line_number_(line_number) {}

  [[noreturn]] void fail(std::string_view why) const {
    std::ostringstream message;
    message << source_ << ':' << line_number_ << ": " << why;
    throw UcdError(message.str());
  }

  char32_t code_point(std::string_view hex) const {
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), value, 16);
    if (hex.empty() || ec != std::errc{} || end != hex.data() + hex.size() ||
        value > utf8::max_code_point) {
      fail("bad code point '" + std::string(hex) + "'");
    }
    return static_cast<char32_t>(value);
  }

 private:
  std::string_view source_;
  std::size_t line_number_;
};

// The whole file, or nullopt when it cannot be read.
inline std::optional<std::string> read_if_present(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

}  // namespace mojifinder::ucd_lines
