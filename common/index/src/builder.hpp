// The steps that turn what the UCD and CLDR say into an index image
// (NameIndex::build): the entries with their lines and words, each
// language's words and short names, the blocks and categories, and the
// word tables they all make. Internal to mojifinder::common.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "image_format.hpp"
#include "mojifinder/data/cldr_annotations.hpp"
#include "mojifinder/data/unicode_names.hpp"
#include "mojifinder/index/name_index.hpp"

namespace mojifinder::image {

// Each word, with the entries that hold it.
using Postings = std::map<std::string, std::vector<EntryId>, std::less<>>;

// Adds the words of `text` as a name is split into them (words.hpp);
// returns how many there are.
std::size_t add_words(Postings& postings, std::string_view text, EntryId id);
// Adds the folded words of `text` (fold.hpp): a sequence's name, a
// keyword, a short name. A word of a script written without spaces is
// added with every one of its suffixes, so that a query finds any part of
// it as the prefix of a suffix (`猫の` in `にっこり笑う猫の顔`). Returns
// how many folded words there are, suffixes not counted.
std::size_t add_folded_words(Postings& postings, std::string_view text, EntryId id);

// A word table's sections, ready to be copied into the image.
struct BuiltTable {
  TableHeader header{};
  std::string words;
  std::vector<std::uint32_t> word_offsets{0};
  std::vector<std::uint32_t> posting_offsets{0};
  std::vector<std::uint32_t> slots;
  std::vector<EntryId> postings;

  explicit BuiltTable(const Postings& by_word);
  void write(std::uint32_t* base, const TableLayout& layout, std::size_t words_at) const;
};

// The entries in code point order (single code points, then emoji
// sequences), their lines and the words of their names and other names.
struct BuiltEntries {
  std::string lines;
  std::vector<std::uint32_t> line_offsets{0};
  // Where each line's name begins, so that a name is read without taking
  // its line apart: the name runs from there to the line's CR LF.
  std::vector<std::uint8_t> name_starts;
  std::vector<std::uint32_t> code_points;
  std::size_t single_count = 0;
  // Every code point of each sequence, so that writers need not parse the
  // lines back for them.
  std::vector<std::uint32_t> sequence_offsets{0};
  std::vector<std::uint32_t> sequence_code_points;
  // How many words each entry's name has, as the search splits it (a
  // sequence's folded), 255 at most: for relevance (build_word_counts).
  std::vector<std::uint8_t> name_word_counts;
  // Each sequence's name folded, words one space apart (fold.hpp's
  // folded_text()), one after another, and where each ends: what
  // relevance reads of a sequence's name.
  std::string folded_sequence_names;
  std::vector<std::uint32_t> folded_sequence_offsets{0};
  std::optional<BuiltTable> name_words, other_words;
};
BuiltEntries build_entries(const UnicodeNames& names);

// A language's sections, ready to be copied into the image.
struct BuiltLocale {
  LocaleRecord record{};
  std::optional<BuiltTable> words;
  std::vector<EntryId> short_name_entries;
  std::vector<std::uint32_t> short_name_spans;  // short_name_span_words an entry
  std::vector<FoldedWord> folded_words;         // each short name's, in the table's numbers
  std::vector<std::uint32_t> whole_keywords;    // a bit a posting of words (LocaleLayout)
};


// Every language, and their short names, each text kept once in one pool
// for all languages (a child locale repeats most of its parent's).
struct BuiltLanguages {
  std::vector<BuiltLocale> locales;
  std::string short_names;
};
BuiltLanguages build_languages(const CldrAnnotations& annotations, const UnicodeNames& names,
                               const BuiltEntries& entries);

// Blocks and General_Category: each single entry's category as a bit
// number of the values that are no group, and each value's and block's
// names, `|` between them, for queries to match loosely.
struct BuiltProperties {
  std::vector<std::uint32_t> block_records, category_records;
  std::string property_names;
  std::vector<std::uint8_t> entry_categories;
};
BuiltProperties build_properties(const UnicodeNames& names, const BuiltEntries& entries);

// Each entry's words counted, two bytes an entry: its name's
// (BuiltEntries::name_word_counts) and its English short name's, folded
// (0: none); 255 at most. What relevance judges from
// (NameIndex::name_word_count()).
std::vector<std::uint8_t> build_word_counts(const BuiltEntries& entries, const BuiltLanguages& languages);

}  // namespace mojifinder::image
