// The inverted index of Unicode character names, and of what CLDR's
// annotations say of characters in each language.
//
// The whole index is one contiguous image of 32-bit words: the entries in
// code point order with their result lines pre-rendered in one blob, the
// name words in byte order with a hash table to find them, and for each
// word the sorted list of entries whose names hold it; then, for each
// language, a word table of the same shape over its keywords and short
// names, and the short names themselves; then each single entry's
// General_Category, and the names of the blocks and categories. The build embeds an image
// compiled from the UCD and CLDR in the binary, so that start-up costs
// nothing; the same image can be built at run time from a UCD and a CLDR
// directory. A NameIndex never changes after it is made and is shared by
// every thread without locks.
#pragma once

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mojifinder {

// What the builder reads (unicode_names.hpp, cldr_annotations.hpp).
struct UnicodeNames;
struct CldrAnnotations;

// Position of a character in the index; entries are numbered in code point
// order, so sorting by EntryId sorts by code point.
using EntryId = std::uint32_t;

// Other names hold an emoticon after this mark (NameIndex::
// entries_with_emoticon()); emojibase's longest is 4 bytes.
inline constexpr char emoticon_key_mark = '\t';
inline constexpr std::size_t max_emoticon_bytes = 16;

class IndexFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class NameIndex {
 public:
  // Words in byte order, each with the sorted entries that hold it, and a
  // hash table to find a word.
  class WordTable {
   public:
    std::size_t count() const noexcept { return word_offsets_.size() - 1; }
    std::string_view word(std::size_t index) const noexcept;
    std::span<const EntryId> entries_of(std::size_t index) const noexcept;
    // The entries of `word`; empty when the table does not have it.
    std::span<const EntryId> find(std::string_view word) const noexcept;
    // The index of `word`; nullopt when the table does not have it.
    std::optional<std::size_t> index_of(std::string_view word) const noexcept;
    // The indexes [first, last) of the words that begin with `prefix`.
    std::pair<std::size_t, std::size_t> starting_with(std::string_view prefix) const noexcept;

   private:
    friend class NameIndex;
    std::uint32_t probe(std::string_view word) const noexcept;
    void verify(std::size_t entry_count) const;
    bool bounded() const noexcept;
    std::span<const std::uint32_t> word_offsets_{&empty_offset_, 1};
    std::span<const std::uint32_t> posting_offsets_{&empty_offset_, 1};
    std::span<const std::uint32_t> word_slots_;  // word index + 1, 0 when empty
    std::span<const EntryId> postings_;
    std::string_view words_;
    static constexpr std::uint32_t empty_offset_ = 0;
  };

  // A language of CLDR's annotations, resolved with what it inherits: its
  // keywords and short names, folded into words (fold.hpp), and the short
  // names as CLDR writes them.
  class Locale {
   public:
    std::string_view code() const noexcept { return code_; }  // "fr_CA"
    // Who speak its language (fr's for fr_CA), in thousands, by CLDR's
    // territoryInfo; 0 where it gives none.
    std::uint32_t speakers_thousands() const noexcept { return speakers_thousands_; }
    const WordTable& words() const noexcept { return words_; }
    // The short name of an entry in this language ("chat" for U+1F408 in
    // French); empty when CLDR gives none.
    std::string_view short_name(EntryId id) const noexcept;
    // The same folded (fold.hpp) when the image was made, as the numbers of
    // its words in words() ("chat" is the number of CHAT): what relevance
    // reads, comparing numbers, with nothing to fold. For ids asked in
    // ascending order (the results of a search): `hint`, 0 at first, is
    // where the last was found, and the look goes forward from it.
    std::span<const std::uint16_t> folded_short_name(EntryId id, std::size_t& hint) const noexcept;
    // Whether the entry at `at` of `list`, a word's list in words()
    // (WordTable::find), has the word by itself as one of its keywords or
    // as its short name (🐈 has `猫`), rather than as a word of a longer
    // one or the end of a word written without spaces.
    bool is_whole_keyword(std::span<const EntryId> list, std::size_t at) const noexcept;

   private:
    friend class NameIndex;
    // Whether `id` has a short name; `hint` is then where, else where it
    // would be.
    bool find_from(EntryId id, std::size_t& hint) const noexcept;
    std::string_view code_;
    std::uint32_t speakers_thousands_ = 0;
    WordTable words_;
    std::span<const EntryId> short_name_entries_;        // sorted
    std::span<const std::uint32_t> short_name_spans_;    // where each is in short_names_, and its folded words
    std::string_view short_names_;
    std::span<const std::uint16_t> folded_words_;        // every short name's, as numbers of words_
    std::span<const std::uint32_t> whole_keywords_;      // a bit a posting of words_
  };

  // Builds an image from names read out of the UCD and, when given, the
  // annotations of CLDR: for the compile tool, and for a server started
  // with --ucd or --cldr.
  static NameIndex build(const UnicodeNames& names);
  static NameIndex build(const UnicodeNames& names, const CldrAnnotations& annotations);

  // A view over an image that lives as long as the program (the embedded
  // one). Checks the header and the section sizes; throws IndexFormatError.
  static NameIndex view(std::span<const std::byte> image);

  std::span<const std::byte> image() const noexcept { return image_; }
  std::string_view unicode_version() const noexcept;
  // The CLDR release the annotations come from; empty without them.
  std::string_view cldr_version() const noexcept { return cldr_version_; }
  // emoji-test.txt's version ("17.0"); empty when the UCD had none.
  std::string_view emoji_version() const noexcept { return emoji_version_; }
  // The three versions, each after its label in `around` (the last of
  // which ends them), through `escape` for the sink: /stats, the info
  // metric, /openapi.json say them alike.
  void append_versions(std::string& out, const std::array<std::string_view, 4>& around,
                       void (*escape)(std::string&, std::string_view)) const;
  // A hash of the whole image, made when it was built: two images with the
  // same digest answer every query alike (for HTTP's ETags).
  std::uint64_t content_digest() const noexcept { return content_digest_; }

  std::size_t size() const noexcept { return code_points_.size(); }
  // Entries below this are single code points in ascending order (named
  // characters, and controls named by their aliases); those from it on
  // are emoji sequences.
  std::size_t single_count() const noexcept { return single_count_; }
  // The code point of a single entry; a sequence's first.
  char32_t code_point(EntryId id) const noexcept { return static_cast<char32_t>(code_points_[id]); }
  // Every code point of an entry: one for a single entry, all of a
  // sequence's.
  std::span<const std::uint32_t> code_points_of(EntryId id) const noexcept;
  std::string_view name(EntryId id) const noexcept;
  // The result line as the protocol sends it, CR LF included.
  std::string_view line(EntryId id) const noexcept;
  // The lines of entries first..last-1, one contiguous run of bytes.
  std::string_view lines(EntryId first, EntryId last) const noexcept;
  std::optional<EntryId> find(char32_t cp) const noexcept;

  // The emoji sequence of the index that `text` (UTF-8) begins with, the
  // longest one, U+FE0F optional in the text and in the sequence (a
  // sequence of one character and U+FE0F, ❤️, only with it); and the bytes
  // of `text` it spans. Nullopt when `text` begins with none.
  struct SequenceMatch {
    EntryId id;
    std::size_t bytes;
  };
  std::optional<SequenceMatch> sequence_at(std::string_view text) const noexcept;

  // The words of character names.
  const WordTable& name_words() const noexcept { return names_; }
  // The words of other names, each listing the entries whose character
  // name lacks it: aliases (ZWJ, NBSP, NULL), and emoji sequences by their
  // names, folded (FLAG, JAPAN, KEELING).
  const WordTable& other_words() const noexcept { return other_names_; }

  // The entries of a block (`Arrows`, `Misc_Technical`), named as
  // Blocks.txt or PropertyValueAliases.txt name it and matched loosely, as
  // UAX #44 says: case, spaces, `-` and `_` do not count. Entries are in
  // code point order, so they are a range [first, last); nullopt when no
  // block has that name.
  std::optional<std::pair<EntryId, EntryId>> block_entries(std::string_view name) const noexcept;
  // The General_Category values a name stands for (`Lu`,
  // `Uppercase_Letter`; `L` or `Letter` for every letter), as bits of
  // category_of(); nullopt when none has that name.
  std::optional<std::uint32_t> category_mask(std::string_view name) const noexcept;
  // The General_Category of a single entry, as a bit number of
  // category_mask(); no_category for a sequence.
  static constexpr std::uint8_t no_category = 0xFF;
  std::uint8_t category_of(EntryId id) const noexcept {
    return id < entry_categories_.size() ? entry_categories_[id] : no_category;
  }

  // Words counted when the image was made, so that relevance judges from
  // figures rather than text: an entry's name's words, as the search
  // splits a name (a sequence's name folded), and its English short
  // name's, folded (0: it has none). 255 at most.
  std::uint8_t name_word_count(EntryId id) const noexcept {
    return 2 * std::size_t{id} < word_counts_.size() ? word_counts_[2 * std::size_t{id}] : 0;
  }
  std::uint8_t english_word_count(EntryId id) const noexcept {
    return 2 * std::size_t{id} < word_counts_.size() ? word_counts_[2 * std::size_t{id} + 1] : 0;
  }

  // A sequence's name folded when the image was made, words one space
  // apart ("FLAG COTE D IVOIRE"); empty for a single entry.
  std::string_view folded_sequence_name(EntryId id) const noexcept;

  // The block a code point lies in, as Blocks.txt names it ("Emoticons");
  // empty outside every block.
  std::string_view block_of(char32_t cp) const noexcept;
  // A General_Category value by its bit of category_of(): its short name
  // and its long ones, `|` between them ("So|Other_Symbol"); empty for
  // no_category.
  std::string_view category_names(std::uint8_t bit) const noexcept;

  // The languages, in the order of their codes.
  std::span<const Locale> locales() const noexcept { return locales_; }
  // The order a word of no language chosen is looked for in the languages
  // (Results): each language itself (fr) before any regional or script
  // form (fr_CA), and among those, the more speakers first, then by code;
  // indexes into locales().
  std::span<const std::uint16_t> locales_by_speakers() const noexcept { return locales_by_speakers_; }
  // The language a code asks for, matched as BCP 47's lookup does: any
  // case, `-` or `_` between subtags, and subtags dropped from the end
  // until one is found (`pt-BR` gives pt, `sr-Latn-RS` gives sr_Latn).
  // Null when none is (or its table in the image is broken).
  const Locale* find_locale(std::string_view code) const noexcept;
  // The emoji an emoticon stands for (`:)`, `<3`, `xD`: emojibase's, as
  // given, any case as listed), or none. Other names hold each after a tab
  // (emoticon_key_mark), which no word nor alias holds.
  std::span<const EntryId> entries_with_emoticon(std::string_view emoticon) const noexcept;
  // Entries with an alias made of exactly the words of `key`, each after a
  // space (" LINE FEED").
  std::span<const EntryId> entries_with_whole_alias(std::string_view key) const noexcept;

  // What each part of the image takes, in bytes, in the image's order of
  // kinds; their sum is the image's size. For the benchmarks' account of
  // what data adds.
  struct Section {
    std::string_view what;
    std::size_t bytes;
  };
  std::vector<Section> sections() const;

  // Walks the whole image and throws IndexFormatError at the first broken
  // invariant (offsets in order and in bounds, words sorted and unique,
  // postings sorted and in range). For tests and tools: too slow for start-up.
  void verify() const;

 private:
  NameIndex() = default;
  void attach(std::span<const std::byte> image);
  // A block's or category's names, `|` between them, from its record;
  // empty when the record points outside the names' text.
  std::string_view property_text(std::uint32_t offset, std::uint32_t length) const noexcept;

  std::shared_ptr<const void> storage_;  // null for the embedded image
  std::span<const std::byte> image_;
  std::size_t single_count_ = 0;
  std::span<const std::uint32_t> code_points_;
  std::span<const std::uint32_t> line_offsets_;
  std::span<const std::uint8_t> name_starts_;  // where each line's name begins, from the line's start
  std::span<const std::uint32_t> sequence_offsets_;     // for entries from single_count_ on
  std::span<const std::uint32_t> sequence_code_points_;
  std::string_view lines_;
  WordTable names_;
  WordTable other_names_;
  std::string_view unicode_version_;
  std::string_view cldr_version_;
  std::string_view emoji_version_;
  std::uint64_t content_digest_ = 0;
  std::span<const std::uint8_t> entry_categories_;    // one a single entry
  std::span<const std::uint8_t> word_counts_;         // two an entry: its name's, its English short name's
  std::span<const std::uint32_t> folded_sequence_offsets_;  // where each sequence's folded name ends, after a 0
  std::string_view folded_sequence_names_;
  std::span<const std::uint32_t> block_records_;      // first, last, text offset, text length
  std::span<const std::uint32_t> category_records_;   // mask, text offset, text length
  std::string_view property_names_;                   // names of each, `|` between them
  std::vector<Locale> locales_;
  std::vector<std::uint16_t> locales_by_speakers_;
  // The sequence entries ordered by their code points without U+FE0F,
  // for sequence_at(); made by attach().
  std::vector<EntryId> sequences_by_code_points_;
  void order_sequences();
  // Whether each language's table is whole, checked the first time it is
  // asked for, by whichever thread asks.
  struct LocaleChecks {
    struct Check {
      std::once_flag once;
      bool bounded = false;
    };
    explicit LocaleChecks(std::size_t count) : checks(std::make_unique<Check[]>(count)) {}
    std::unique_ptr<Check[]> checks;
  };
  std::shared_ptr<LocaleChecks> locale_checks_;
  // A bit for the hash of each whole-alias key. Every query is looked up
  // as a whole alias and nearly none is one: this says so without the
  // cache misses of a probe into the table.
  std::bitset<8192> whole_alias_hashes_;
};

}  // namespace mojifinder
