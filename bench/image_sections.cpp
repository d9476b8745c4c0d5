// What each part of two index images takes, side by side: the account of
// what a change of data (Unicode, CLDR) adds to the image.
//
//   image_sections BEFORE.img AFTER.img
#include <cstdio>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <span>
#include <string>
#include <vector>

#include "mojifinder/index/name_index.hpp"

namespace {

// The image in words, so that it is aligned as NameIndex::view demands;
// kept for the life of the program, as view demands too.
std::span<const std::byte> read_image(const char* path, std::vector<std::uint32_t>& words) {
  std::ifstream file(path, std::ios::binary | std::ios::ate);
  if (!file) throw std::runtime_error(std::string(path) + ": cannot be read");
  const auto size = static_cast<std::size_t>(file.tellg());
  words.resize((size + sizeof(std::uint32_t) - 1) / sizeof(std::uint32_t));
  file.seekg(0);
  file.read(reinterpret_cast<char*>(words.data()), static_cast<std::streamsize>(size));
  return std::as_bytes(std::span(words)).first(size);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: image_sections BEFORE.img AFTER.img\n";
    return 2;
  }
  try {
    static std::vector<std::uint32_t> before_words, after_words;
    const auto before = mojifinder::NameIndex::view(read_image(argv[1], before_words));
    const auto after = mojifinder::NameIndex::view(read_image(argv[2], after_words));
    const auto a = before.sections(), b = after.sections();
    std::printf("%-46s %14s %14s %7s\n", "section", "before bytes", "after bytes", "ratio");
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
      std::printf("%-46.*s %14zu %14zu %7.2f\n", static_cast<int>(a[i].what.size()), a[i].what.data(), a[i].bytes,
                  b[i].bytes, a[i].bytes ? static_cast<double>(b[i].bytes) / static_cast<double>(a[i].bytes) : 0.0);
    }
    std::printf("%-46s %14zu %14zu %7.2f\n", "whole image", before.image().size(), after.image().size(),
                static_cast<double>(after.image().size()) / static_cast<double>(before.image().size()));
    std::printf("entries %zu -> %zu; name words %zu -> %zu; languages %zu -> %zu\n", before.size(), after.size(),
                before.name_words().count(), after.name_words().count(), before.locales().size(),
                after.locales().size());
  } catch (const std::exception& e) {
    std::cerr << "image_sections: " << e.what() << '\n';
    return 1;
  }
}
