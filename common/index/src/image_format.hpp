// The index image's format, shared by the builder that writes it, the
// reader that attaches to it and the check that walks it (name_index.hpp).
// Internal to mojifinder::common.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mojifinder/index/name_index.hpp"

namespace mojifinder::image {

// The image format. Everything is a 32-bit word in host byte order (the
// image is made by the same build that reads it); text sections are padded
// to a whole word.
inline constexpr char image_magic[8] = {'M', 'O', 'J', 'I', 'N', 'D', 'X', '1'};
inline constexpr std::uint32_t image_format_version = 13;
inline constexpr std::size_t unicode_version_bytes = 16;
inline constexpr std::size_t locale_code_bytes = 16;

struct TableHeader {
  std::uint32_t word_count;
  std::uint32_t posting_count;
  std::uint32_t words_bytes;
  std::uint32_t word_slot_count;  // a power of two, more than twice word_count
};

struct Header {
  char magic[8];
  std::uint32_t format_version;
  std::uint32_t entry_count;
  std::uint32_t single_count;
  std::uint32_t lines_bytes;
  std::uint32_t sequence_code_point_count;  // every code point of every sequence
  TableHeader names;
  TableHeader other_names;
  std::uint32_t locale_count;
  std::uint32_t short_names_bytes;  // every locale's short names, each text once
  std::uint32_t block_count;
  std::uint32_t category_count;     // values of General_Category, groups among them
  std::uint32_t property_names_bytes;
  std::uint32_t folded_sequence_names_bytes;  // the sequences' names, folded
  char unicode_version[unicode_version_bytes];
  char cldr_version[unicode_version_bytes];
  char emoji_version[unicode_version_bytes];
  // A hash of every other byte of the image (these eight zero), written
  // last: what changes with the image, for the web's ETags.
  std::uint32_t content_digest[2];
};
static_assert(sizeof(Header) % sizeof(std::uint32_t) == 0);

// A language's place in the directory that follows the names' sections.
struct LocaleRecord {
  char code[locale_code_bytes];
  TableHeader words;
  std::uint32_t short_name_count;
  std::uint32_t folded_word_count;  // the short names' folded words, numbered in the word table, all together
  std::uint32_t speakers_thousands;  // who speak its language, by CLDR's territoryInfo (LocaleAnnotations::speakers)
};
static_assert(sizeof(LocaleRecord) % sizeof(std::uint32_t) == 0);

inline constexpr std::size_t words_for_bytes(std::size_t bytes) {
  return (bytes + sizeof(std::uint32_t) - 1) / sizeof(std::uint32_t);
}

// Where a word table's sections start, in words from the start of the image.
struct TableLayout {
  std::size_t word_offsets, posting_offsets, word_slots, postings, end;
  TableLayout(const TableHeader& h, std::size_t start) {
    word_offsets = start;
    posting_offsets = word_offsets + h.word_count + 1;
    word_slots = posting_offsets + h.word_count + 1;
    postings = word_slots + h.word_slot_count;
    end = postings + h.posting_count;
  }
};

// Where each section starts.
struct Layout {
  std::size_t code_points, line_offsets, name_starts, sequence_offsets, sequence_code_points;
  TableLayout names, other_names;
  std::size_t lines, names_words, other_words, end;

  explicit Layout(const Header& h)
      : code_points(sizeof(Header) / sizeof(std::uint32_t)),
        line_offsets(code_points + h.entry_count),
        name_starts(line_offsets + h.entry_count + 1),
        sequence_offsets(name_starts + words_for_bytes(h.entry_count)),
        sequence_code_points(sequence_offsets + (h.entry_count - std::min(h.single_count, h.entry_count)) + 1),
        names(h.names, sequence_code_points + h.sequence_code_point_count),
        other_names(h.other_names, names.end) {
    lines = other_names.end;
    names_words = lines + words_for_bytes(h.lines_bytes);
    other_words = names_words + words_for_bytes(h.names.words_bytes);
    locale_directory = other_words + words_for_bytes(h.other_names.words_bytes);
    end = locale_directory + h.locale_count * (sizeof(LocaleRecord) / sizeof(std::uint32_t));
  }
  std::size_t locale_directory;
};

// Where the sections of what each entry is start, from `start`: each
// single entry's category (a byte each), each entry's words counted (two
// bytes each: its name's, its English short name's), where each
// sequence's folded name ends (one word each, after a 0) and their text,
// the blocks' records, the categories' records, their names.
struct PropertyLayout {
  std::size_t entry_categories, word_counts, folded_sequence_offsets, folded_sequence_names, blocks, categories,
      names, end;
  PropertyLayout(const Header& h, std::size_t single_count, std::size_t start) {
    entry_categories = start;
    word_counts = entry_categories + words_for_bytes(single_count);
    folded_sequence_offsets = word_counts + words_for_bytes(2 * std::size_t{h.entry_count});
    folded_sequence_names = folded_sequence_offsets + (h.entry_count - std::min(h.single_count, h.entry_count)) + 1;
    blocks = folded_sequence_names + words_for_bytes(h.folded_sequence_names_bytes);
    categories = blocks + 4 * std::size_t{h.block_count};
    names = categories + 3 * std::size_t{h.category_count};
    end = names + words_for_bytes(h.property_names_bytes);
  }
};

// A short name's span: its text's offset into the pool of short names;
// its length, and in the top half how many folded words it has; where
// those begin among the language's folded words, each the number of a
// word of the language's table (fold.hpp), so that relevance compares
// numbers and folds nothing. A table has fewer than 65,536 words.
inline constexpr std::size_t short_name_span_words = 3;
inline constexpr std::uint32_t short_name_length_mask = 0xFFFF;
inline constexpr unsigned folded_count_shift = 16;
using FoldedWord = std::uint16_t;

// Where a language's sections start, from `start`: its word table, its
// words' text, the entries with a short name, their spans, the folded
// words of the short names, and a bit a posting of the table: set where
// the word is by itself one of the entry's keywords or its short name
// (🐈's `猫`, 🎉's `fête`), not a word of a longer one (`Stern-Operator`)
// nor the end of a word written without spaces (`彗星`).
struct LocaleLayout {
  TableLayout words;
  std::size_t words_text, short_name_entries, short_name_spans, folded_words, whole_keywords, end;
  LocaleLayout(const LocaleRecord& r, std::size_t start) : words(r.words, start) {
    words_text = words.end;
    short_name_entries = words_text + words_for_bytes(r.words.words_bytes);
    short_name_spans = short_name_entries + r.short_name_count;
    folded_words = short_name_spans + short_name_span_words * std::size_t{r.short_name_count};
    whole_keywords = folded_words + words_for_bytes(sizeof(FoldedWord) * std::size_t{r.folded_word_count});
    end = whole_keywords + whole_keyword_words(r.words.posting_count);
  }
  static std::size_t whole_keyword_words(std::size_t postings) { return (postings + 31) / 32; }
};

// FNV-1a: words are short, and this spreads them well enough for a table
// kept at most half full.
inline std::uint32_t word_hash(std::string_view word) noexcept {
  std::uint32_t hash = 2166136261u;
  for (const char c : word) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  return hash;
}

inline std::uint32_t checked_u32(std::size_t value, const char* what) {
  if (value > UINT32_MAX) throw IndexFormatError(std::string(what) + " does not fit the image format");
  return static_cast<std::uint32_t>(value);
}

}  // namespace mojifinder::image
