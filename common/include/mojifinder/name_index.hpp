// The inverted index of Unicode character names.
//
// The whole index is one contiguous image of 32-bit words: the entries in
// code point order with their result lines pre-rendered in one blob, the
// name words in byte order with a hash table to find them, and for each
// word the sorted list of entries whose names hold it. The build embeds an image compiled from the UCD in
// the binary, so that start-up costs nothing; the same image can be built
// at run time from a UCD directory. A NameIndex never changes after it is
// made and is shared by every thread without locks.
#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "mojifinder/entry_bitmap.hpp"
#include "mojifinder/unicode_names.hpp"
#include "mojifinder/words.hpp"

namespace mojifinder {

// Position of a character in the index; entries are numbered in code point
// order, so sorting by EntryId sorts by code point.
using EntryId = std::uint32_t;

class IndexFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class MatchCursor;

class NameIndex {
 public:
  // Builds an image from names read out of the UCD.
  static NameIndex build(const UnicodeNames& names);

  // A view over an image that lives as long as the program (the embedded
  // one). Checks the header and the section sizes; throws IndexFormatError.
  static NameIndex view(std::span<const std::byte> image);

  std::span<const std::byte> image() const noexcept { return image_; }
  std::string_view unicode_version() const noexcept;

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

  std::size_t word_count() const noexcept { return names_.count(); }
  std::string_view word(std::size_t index) const noexcept { return names_.word(index); }
  // Entries whose names hold `word` (already upper case), in order.
  std::span<const EntryId> entries_with(std::string_view word) const noexcept { return names_.find(word); }
  // Entries whose names hold the word at `index` (0 to word_count() - 1).
  std::span<const EntryId> entries_of_word(std::size_t index) const noexcept { return names_.entries_of(index); }
  // Entries whose other names hold `word` but whose character name does
  // not: by aliases (ZWJ, NBSP, NULL), and emoji sequences by their names
  // (FLAG, JAPAN).
  std::span<const EntryId> entries_with_other_name(std::string_view word) const noexcept {
    return other_names_.find(word);
  }
  std::size_t other_word_count() const noexcept { return other_names_.count(); }
  std::string_view other_word(std::size_t index) const noexcept { return other_names_.word(index); }
  // Entries with an alias made of exactly the words of `key`, each after a
  // space (" LINE FEED").
  std::span<const EntryId> entries_with_whole_alias(std::string_view key) const noexcept;
  // The indexes [first, last) of the words that begin with `prefix`
  // (already upper case): words are kept in byte order.
  std::pair<std::size_t, std::size_t> words_starting_with(std::string_view prefix) const noexcept;

  // Entries whose names hold every word of `query`, in code point order.
  // The answer points into the index or into `scratch`; either way it is
  // valid until `scratch` is next used.
  std::span<const EntryId> search(const WordList& query, std::vector<EntryId>& scratch) const;

  // Walks the whole image and throws IndexFormatError at the first broken
  // invariant (offsets in order and in bounds, words sorted and unique,
  // postings sorted and in range). For tests and tools: too slow for start-up.
  void verify() const;

 private:
  NameIndex() = default;
  void attach(std::span<const std::byte> image);

  // Words in byte order, each with the sorted entries that hold it, and a
  // hash table to find a word.
  struct WordTable {
    std::span<const std::uint32_t> word_offsets;
    std::span<const std::uint32_t> posting_offsets;
    std::span<const std::uint32_t> word_slots;  // word index + 1, 0 when empty
    std::span<const EntryId> postings;
    std::string_view words;
    std::size_t count() const noexcept { return word_offsets.size() - 1; }
    std::string_view word(std::size_t index) const noexcept;
    std::span<const EntryId> entries_of(std::size_t index) const noexcept;
    std::span<const EntryId> find(std::string_view word) const noexcept;
    void verify(std::size_t entry_count) const;
  };

  std::shared_ptr<const void> storage_;  // null for the embedded image
  std::span<const std::byte> image_;
  std::size_t single_count_ = 0;
  std::span<const std::uint32_t> code_points_;
  std::span<const std::uint32_t> line_offsets_;
  std::span<const std::uint32_t> sequence_offsets_;     // for entries from single_count_ on
  std::span<const std::uint32_t> sequence_code_points_;
  std::string_view lines_;
  WordTable names_;
  WordTable other_names_;
  std::string_view unicode_version_;
  // A bit for the hash of each whole-alias key. Every query is looked up
  // as a whole alias and nearly none is one: this says so without the
  // cache misses of a probe into the table.
  std::bitset<8192> whole_alias_hashes_;
};

// The answer to a query produced a batch at a time, in code point order,
// by intersecting the words' entry lists as it goes: a long answer can be
// streamed while holding nothing but this cursor. Its storage is reused
// from one query to the next.
class MatchCursor {
 public:
  // Starts over with the entries whose names hold every word of `query`.
  void start(const NameIndex& index, std::span<const std::string_view> words);
  void start(const NameIndex& index, const WordList& query) { start(index, query.words()); }
  // Starts over with the entries that are in every one of `lists` (each
  // sorted) and, unless `filter` is null, in `filter` too; with no lists,
  // every entry of `filter`. Lists and filter must outlive the cursor's use.
  void start(std::span<const std::span<const EntryId>> lists, const EntryBitmap* filter = nullptr);

  // Writes up to `out.size()` next matches; 0 once the answer is complete.
  std::size_t next(std::span<EntryId> out);
  // The same, doing at most about `work` steps (an entry looked at, a list
  // probed, 64 entries of the filter scanned), which it takes off `work`:
  // 0 with done() false means the work ran out first.
  std::size_t next(std::span<EntryId> out, std::size_t& work);
  bool done() const noexcept { return done_; }

  // When the answer is one entry list as it stands in the index (a query
  // of one distinct word), that list; otherwise empty.
  std::span<const EntryId> whole_list() const noexcept;

  // Matches given by next() since start().
  std::size_t produced() const noexcept { return produced_; }

 private:
  struct List {
    std::span<const EntryId> entries;
    std::size_t at;  // everything before it is already passed
  };
  // Adds a list to intersect; false (and no lists) when it is empty.
  bool add(std::span<const EntryId> entries);
  void order();  // the shortest list first
  std::size_t walk_filter(std::span<EntryId> out, std::size_t& work);
  std::vector<List> lists_;  // the shortest first
  const EntryBitmap* filter_ = nullptr;
  std::size_t filter_at_ = 0;  // walking the filter alone: the next entry to look at
  std::size_t produced_ = 0;
  bool done_ = true;
};

}  // namespace mojifinder
