#include <algorithm>
#include <cstring>
#include <iterator>

#include "builder.hpp"
#include "mojifinder/text/fold.hpp"

namespace mojifinder::image {

BuiltProperties build_properties(const UnicodeNames& names, const BuiltEntries& entries) {
  BuiltProperties built;
  auto& block_records = built.block_records;
  auto& category_records = built.category_records;
  auto& property_names = built.property_names;
  auto& entry_categories = built.entry_categories;
  const auto add_names = [&](std::vector<std::uint32_t>& records, const std::string& names_text) {
    records.push_back(checked_u32(property_names.size(), "the property names"));
    records.push_back(checked_u32(names_text.size(), "the property names"));
    property_names += names_text;
  };
  const auto joined = [](const std::string& first, const std::vector<std::string>& more) {
    std::string text = first;
    for (const auto& name : more) (text += '|') += name;
    return text;
  };
  for (const auto& block : names.blocks) {
    block_records.push_back(block.first);
    block_records.push_back(block.last);
    add_names(block_records, joined(block.name, block.aliases));
  }
  std::map<std::string, std::uint32_t, std::less<>> category_bit;
  for (const auto& value : names.categories) {
    if (value.members.empty() && !value.names.empty()) {
      const auto bit = static_cast<std::uint32_t>(category_bit.size());
      if (bit >= 32) throw IndexFormatError("more than 32 General_Category values");
      category_bit[value.names.front()] = bit;
    }
  }
  for (const auto& value : names.categories) {
    if (value.names.empty()) continue;
    std::uint32_t mask = 0;
    if (value.members.empty()) {
      mask = 1u << category_bit[value.names.front()];
    } else {
      for (const auto& member : value.members) {
        const auto it = category_bit.find(member);
        if (it == category_bit.end()) throw IndexFormatError("a General_Category group of an unknown value: " + member);
        mask |= 1u << it->second;
      }
    }
    category_records.push_back(mask);
    add_names(category_records, joined(value.names.front(), {value.names.begin() + 1, value.names.end()}));
  }
  entry_categories.assign(entries.single_count, NameIndex::no_category);
  for (std::size_t id = 0; id < entry_categories.size(); ++id) {
    const auto cp = entries.code_points[id];
    const auto range = std::upper_bound(names.category_ranges.begin(), names.category_ranges.end(), cp,
                                        [](std::uint32_t c, const CategoryRange& r) { return c < r.first; });
    if (range == names.category_ranges.begin() || std::prev(range)->last < cp) continue;
    if (const auto bit = category_bit.find(std::prev(range)->category); bit != category_bit.end()) {
      entry_categories[id] = static_cast<std::uint8_t>(bit->second);
    }
  }
  return built;
}

std::vector<std::uint8_t> build_word_counts(const BuiltEntries& entries, const BuiltLanguages& languages) {
  const auto entry_count = entries.code_points.size();
  std::vector<std::uint8_t> counts(2 * entry_count, 0);
  for (std::size_t id = 0; id < entry_count; ++id) counts[2 * id] = entries.name_word_counts[id];
  const auto english = std::find_if(languages.locales.begin(), languages.locales.end(), [](const BuiltLocale& l) {
    return std::string_view(l.record.code, strnlen(l.record.code, locale_code_bytes)) == "en";
  });
  if (english == languages.locales.end()) return counts;
  for (std::size_t n = 0; n < english->short_name_entries.size(); ++n) {
    const auto id = english->short_name_entries[n];
    // The folded short name's words, as its span counts them.
    const auto words = english->short_name_spans[short_name_span_words * n + 1] >> folded_count_shift;
    if (id < entry_count) counts[2 * id + 1] = static_cast<std::uint8_t>(std::min<std::uint32_t>(words, 255));
  }
  return counts;
}

}  // namespace mojifinder::image
