// NameIndex's blocks and General_Category values: found by their names,
// matched loosely as UAX #44 says, and named again for what they hold.
#include <algorithm>
#include <string>

#include "mojifinder/index/name_index.hpp"
#include "mojifinder/text/ascii.hpp"

namespace mojifinder {

namespace {

// UAX #44's loose matching of property values (UAX44-LM3): case, spaces,
// `-` and `_` do not count.
bool loosely_equal(std::string_view a, std::string_view b) noexcept {
  const auto ignored = [](char c) { return c == ' ' || c == '-' || c == '_'; };
  std::size_t i = 0, j = 0;
  while (true) {
    while (i < a.size() && ignored(a[i])) ++i;
    while (j < b.size() && ignored(b[j])) ++j;
    if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
    if (ascii::to_lower(a[i++]) != ascii::to_lower(b[j++])) return false;
  }
}

// Whether one of `names` (`|` between them) is loosely `wanted`.
bool names_include(std::string_view names, std::string_view wanted) noexcept {
  while (true) {
    const auto bar = std::min(names.find('|'), names.size());
    if (loosely_equal(names.substr(0, bar), wanted)) return true;
    if (bar == names.size()) return false;
    names.remove_prefix(bar + 1);
  }
}

}  // namespace

std::string_view NameIndex::property_text(std::uint32_t offset, std::uint32_t length) const noexcept {
  return offset <= property_names_.size() ? property_names_.substr(offset, length) : std::string_view{};
}

std::optional<std::pair<EntryId, EntryId>> NameIndex::block_entries(std::string_view name) const noexcept {
  for (std::size_t i = 0; i + 4 <= block_records_.size(); i += 4) {
    const auto names = property_text(block_records_[i + 2], block_records_[i + 3]);
    if (names.empty() || !names_include(names, name)) continue;
    const auto singles = code_points_.first(single_count_);
    const auto first = std::lower_bound(singles.begin(), singles.end(), block_records_[i]);
    const auto last = std::upper_bound(first, singles.end(), block_records_[i + 1]);
    return std::pair{static_cast<EntryId>(first - singles.begin()), static_cast<EntryId>(last - singles.begin())};
  }
  return std::nullopt;
}

std::optional<std::uint32_t> NameIndex::category_mask(std::string_view name) const noexcept {
  for (std::size_t i = 0; i + 3 <= category_records_.size(); i += 3) {
    const auto names = property_text(category_records_[i + 1], category_records_[i + 2]);
    if (!names.empty() && names_include(names, name)) return category_records_[i];
  }
  return std::nullopt;
}

std::string_view NameIndex::block_of(char32_t cp) const noexcept {
  // Blocks.txt lists them in code point order; a record is first, last,
  // and its names' offset and length. The first block that ends at or
  // after `cp` holds it, unless it begins after it.
  // (std::ranges' views do not build with clang 14 and libstdc++ 12.)
  const auto blocks = block_records_.size() / 4;
  std::size_t block = 0;
  for (auto count = blocks; count > 0;) {
    const auto half = count / 2;
    if (block_records_[4 * (block + half) + 1] < cp) {
      block += half + 1;
      count -= half + 1;
    } else {
      count = half;
    }
  }
  if (block == blocks || block_records_[4 * block] > cp) return {};
  const auto names = property_text(block_records_[4 * block + 2], block_records_[4 * block + 3]);
  return names.substr(0, names.find('|'));
}

std::string_view NameIndex::category_names(std::uint8_t bit) const noexcept {
  if (bit >= 32) return {};
  for (std::size_t i = 0; i + 3 <= category_records_.size(); i += 3) {
    if (category_records_[i] == 1u << bit) return property_text(category_records_[i + 1], category_records_[i + 2]);
  }
  return {};
}

}  // namespace mojifinder
