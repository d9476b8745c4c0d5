// NameIndex::sections(): the image's bytes by what they hold, from the
// spans attach() made (name_index.cpp), so that the account cannot
// drift from the layout.
#include <span>
#include <string_view>

#include "image_format.hpp"
#include "mojifinder/index/name_index.hpp"

namespace mojifinder {

namespace {

template <typename T>
std::size_t bytes_of(std::span<const T> span) {
  return span.size_bytes();
}

// Text sections are padded to a whole word.
std::size_t bytes_of(std::string_view text) {
  return image::words_for_bytes(text.size()) * sizeof(std::uint32_t);
}

}  // namespace

std::vector<NameIndex::Section> NameIndex::sections() const {
  // A word table: its offsets and postings, and its hash slots apart (a
  // power of two above twice the words, so they grow by steps).
  const auto table = [](const WordTable& t) {
    return bytes_of(t.word_offsets_) + bytes_of(t.posting_offsets_) + bytes_of(t.postings_);
  };
  std::size_t locale_tables = 0, locale_slots = 0, locale_words = 0, short_name_entries = 0, folded_words = 0,
              whole_keywords = 0;
  for (const auto& locale : locales_) {
    locale_tables += table(locale.words_);
    locale_slots += bytes_of(locale.words_.word_slots_);
    locale_words += bytes_of(locale.words_.words_);
    short_name_entries += bytes_of(locale.short_name_entries_) + bytes_of(locale.short_name_spans_);
    folded_words += image::words_for_bytes(locale.folded_words_.size_bytes()) * sizeof(std::uint32_t);
    whole_keywords += bytes_of(locale.whole_keywords_);
  }
  const auto short_names = locales_.empty() ? std::size_t{0} : bytes_of(locales_.front().short_names_);
  std::vector<Section> out{
      {"header and languages' directory", sizeof(image::Header) + locales_.size() * sizeof(image::LocaleRecord)},
      {"entries: code points, line offsets, sequences",
       bytes_of(code_points_) + bytes_of(line_offsets_) + image::words_for_bytes(name_starts_.size()) * 4 +
           bytes_of(sequence_offsets_) + bytes_of(sequence_code_points_)},
      {"answer lines", bytes_of(lines_)},
      {"names: words and postings", table(names_) + bytes_of(names_.words_)},
      {"names: hash slots", bytes_of(names_.word_slots_)},
      {"other names (aliases, sequences)",
       table(other_names_) + bytes_of(other_names_.words_) + bytes_of(other_names_.word_slots_)},
      {"languages: postings", locale_tables},
      {"languages: hash slots", locale_slots},
      {"languages: words", locale_words},
      {"short names: entries and spans", short_name_entries},
      {"short names' text", short_names},
      {"short names' folded words, for relevance", folded_words},
      {"whole keywords' marks, for relevance", whole_keywords},
      {"words counted, for relevance", image::words_for_bytes(word_counts_.size()) * 4},
      {"sequences' names folded, for relevance", bytes_of(folded_sequence_offsets_) + bytes_of(folded_sequence_names_)},
      {"blocks and categories", image::words_for_bytes(entry_categories_.size()) * 4 + bytes_of(block_records_) +
                                    bytes_of(category_records_) + bytes_of(property_names_)},
  };
  return out;
}

}  // namespace mojifinder
