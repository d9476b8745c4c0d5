#include <algorithm>
#include <cstddef>
#include <cstring>
#include <functional>
#include <memory>
#include <string_view>

#include "builder.hpp"

namespace mojifinder {

using namespace image;

NameIndex NameIndex::build(const UnicodeNames& names) { return build(names, CldrAnnotations{}); }

NameIndex NameIndex::build(const UnicodeNames& names, const CldrAnnotations& annotations) {
  const auto entries = build_entries(names);
  const auto languages = build_languages(annotations, names, entries);
  const auto properties_built = build_properties(names, entries);
  const auto word_counts = build_word_counts(entries, languages);
  const auto& [lines, line_offsets, name_starts, code_points, single_count, sequence_offsets, sequence_code_points,
               name_word_counts, folded_sequence_names, folded_sequence_offsets, names_table, others_table] = entries;
  const auto& [locales, short_names] = languages;
  const auto& [block_records, category_records, property_names, entry_categories] = properties_built;

  Header header{};
  std::memcpy(header.magic, image_magic, sizeof image_magic);
  header.format_version = image_format_version;
  header.entry_count = checked_u32(code_points.size(), "the entry count");
  header.single_count = checked_u32(single_count, "the entry count");
  header.lines_bytes = checked_u32(lines.size(), "the result lines");
  header.sequence_code_point_count = checked_u32(sequence_code_points.size(), "the sequences' code points");
  header.names = names_table->header;
  header.other_names = others_table->header;
  if (names.unicode_version.size() >= unicode_version_bytes) {
    throw IndexFormatError("Unicode version string too long: " + names.unicode_version);
  }
  std::memcpy(header.unicode_version, names.unicode_version.data(), names.unicode_version.size());
  if (annotations.cldr_version.size() >= unicode_version_bytes) {
    throw IndexFormatError("CLDR version string too long: " + annotations.cldr_version);
  }
  std::memcpy(header.cldr_version, annotations.cldr_version.data(), annotations.cldr_version.size());
  if (names.emoji_version.size() >= unicode_version_bytes) {
    throw IndexFormatError("emoji version string too long: " + names.emoji_version);
  }
  std::memcpy(header.emoji_version, names.emoji_version.data(), names.emoji_version.size());
  header.locale_count = checked_u32(locales.size(), "the locale count");
  header.short_names_bytes = checked_u32(short_names.size(), "the short names");
  header.block_count = checked_u32(names.blocks.size(), "the blocks");
  header.category_count = checked_u32(category_records.size() / 3, "the categories");
  header.property_names_bytes = checked_u32(property_names.size(), "the property names");
  header.folded_sequence_names_bytes = checked_u32(folded_sequence_names.size(), "the sequences' folded names");

  const Layout layout(header);
  std::vector<LocaleLayout> locale_layouts;
  auto end = layout.end;
  for (const auto& locale : locales) end = locale_layouts.emplace_back(locale.record, end).end;
  const auto short_names_at = end;
  end += words_for_bytes(short_names.size());
  const PropertyLayout properties(header, single_count, end);
  end = properties.end;
  auto storage = std::make_shared<std::vector<std::uint32_t>>(end, 0);
  auto* base = storage->data();
  std::memcpy(base, &header, sizeof header);
  std::copy(code_points.begin(), code_points.end(), base + layout.code_points);
  std::copy(line_offsets.begin(), line_offsets.end(), base + layout.line_offsets);
  std::memcpy(base + layout.name_starts, name_starts.data(), name_starts.size());
  std::copy(sequence_offsets.begin(), sequence_offsets.end(), base + layout.sequence_offsets);
  std::copy(sequence_code_points.begin(), sequence_code_points.end(), base + layout.sequence_code_points);
  names_table->write(base, layout.names, layout.names_words);
  others_table->write(base, layout.other_names, layout.other_words);
  std::memcpy(base + layout.lines, lines.data(), lines.size());
  for (std::size_t i = 0; i < locales.size(); ++i) {
    const auto& locale = locales[i];
    const auto& at = locale_layouts[i];
    std::memcpy(base + layout.locale_directory + i * (sizeof(LocaleRecord) / sizeof(std::uint32_t)), &locale.record,
                sizeof locale.record);
    locale.words->write(base, at.words, at.words_text);
    std::copy(locale.short_name_entries.begin(), locale.short_name_entries.end(), base + at.short_name_entries);
    std::copy(locale.short_name_spans.begin(), locale.short_name_spans.end(), base + at.short_name_spans);
    std::memcpy(base + at.folded_words, locale.folded_words.data(), locale.folded_words.size() * sizeof(FoldedWord));
    std::copy(locale.whole_keywords.begin(), locale.whole_keywords.end(), base + at.whole_keywords);
  }
  std::memcpy(base + short_names_at, short_names.data(), short_names.size());
  std::memcpy(base + properties.entry_categories, entry_categories.data(), entry_categories.size());
  std::memcpy(base + properties.word_counts, word_counts.data(), word_counts.size());
  std::copy(folded_sequence_offsets.begin(), folded_sequence_offsets.end(), base + properties.folded_sequence_offsets);
  std::memcpy(base + properties.folded_sequence_names, folded_sequence_names.data(), folded_sequence_names.size());
  std::copy(block_records.begin(), block_records.end(), base + properties.blocks);
  std::copy(category_records.begin(), category_records.end(), base + properties.categories);
  std::memcpy(base + properties.names, property_names.data(), property_names.size());

  const auto digest = std::hash<std::string_view>{}(
      std::string_view(reinterpret_cast<const char*>(base), storage->size() * sizeof(std::uint32_t)));
  static_assert(sizeof digest == sizeof header.content_digest);
  std::memcpy(reinterpret_cast<char*>(base) + offsetof(Header, content_digest), &digest, sizeof digest);

  NameIndex index;
  index.attach(std::as_bytes(std::span<const std::uint32_t>(*storage)));
  index.storage_ = std::move(storage);
  return index;
}

}  // namespace mojifinder
