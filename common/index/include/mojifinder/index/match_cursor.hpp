// The answer to a query of words produced a batch at a time, in code point
// order, by intersecting the words' entry lists of a NameIndex as it goes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "mojifinder/index/entry_bitmap.hpp"
#include "mojifinder/index/name_index.hpp"
#include "mojifinder/text/words.hpp"

namespace mojifinder {

// The answer to a query produced a batch at a time, in code point order,
// by intersecting the words' entry lists as it goes: a long answer can be
// streamed while holding nothing but this cursor. Its storage is reused
// from one query to the next.
// Word tables a word is looked up in at most: names, a language's
// keywords, other names (aliases, sequences) and English keywords.
inline constexpr std::size_t max_word_tables = 4;

class MatchCursor {
 public:
  // Up to max_word_tables sorted lists taken as one, their union: a word
  // found by names or by a language's keywords.
  struct Union {
    std::array<std::span<const EntryId>, max_word_tables> parts{};
  };

  // What every match must also be: in a range of entries (a block), of
  // a General_Category (a mask of NameIndex::category_of() bits, 0 for
  // any). It holds for every start() until it is set again.
  struct Constraint {
    EntryId first = 0, last = UINT32_MAX;
    std::uint32_t categories = 0;
    const NameIndex* index = nullptr;  // for the categories
    bool any() const noexcept { return first != 0 || last != UINT32_MAX || categories != 0; }
    bool allows(EntryId id) const noexcept {
      if (id < first || id >= last) return false;
      if (categories == 0) return true;
      const auto category = index->category_of(id);
      return category < 32 && ((categories >> category) & 1) != 0;
    }
  };
  void constrain(const Constraint& constraint) noexcept { constraint_ = constraint; }

  // Starts over with the entries whose names hold every word of `query`.
  void start(const NameIndex& index, std::span<const std::string_view> words);
  void start(const NameIndex& index, const WordList& query) { start(index, query.words()); }
  // Starts over with the entries that are in every one of `lists` (each
  // sorted) and, unless `filter` is null, in `filter` too; with no lists,
  // every entry of `filter`. Lists and filter must outlive the cursor's use.
  void start(std::span<const std::span<const EntryId>> lists, const EntryBitmap* filter = nullptr);
  // The same over unions: the entries in at least one part of every union.
  void start(std::span<const Union> unions, const EntryBitmap* filter = nullptr);

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
  // A union of lists, walked or probed part by part.
  struct Joined {
    std::array<List, max_word_tables> parts;
    std::size_t count;  // parts in use
    std::size_t size() const noexcept;
  };
  void reset(const EntryBitmap* filter);
  // Adds a list to intersect; false (and no lists) when it is empty.
  bool add(std::span<const EntryId> entries);
  bool add(const Union& joined);
  void order();  // the shortest list first
  std::size_t walk_filter(std::span<EntryId> out, std::size_t& work);
  std::size_t walk_range(std::span<EntryId> out, std::size_t& work);
  std::size_t next_of_unions(std::span<EntryId> out, std::size_t& work);
  std::vector<List> lists_;  // the shortest first
  std::vector<Joined> unions_;  // instead of lists_ when the query has unions; the shortest first
  const EntryBitmap* filter_ = nullptr;
  std::size_t filter_at_ = 0;  // walking the filter or the range alone: the next entry to look at
  Constraint constraint_;
  std::size_t produced_ = 0;
  bool done_ = true;
};

}  // namespace mojifinder
