// Words looked up in several tables at once (names, a language's
// keywords, other names): the lists of each word joined into a union,
// and a prefix's many lists gathered into a bitmap a bounded step at a
// time, for the matching stage to walk (match_stage.hpp). Also the
// entries of a shortcode or an emoticon, a union alone.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "mojifinder/index/entry_bitmap.hpp"
#include "mojifinder/index/match_cursor.hpp"
#include "mojifinder/index/name_index.hpp"
#include "mojifinder/query/query.hpp"
#include "mojifinder/query/stages/stage.hpp"

namespace mojifinder::query_detail {

class GatherStage {
 public:
  // Words looked up in `tables`, prefixes among them: a union of lists
  // for each word, a term for each prefix. The error for a malformed
  // prefix or too many words; with none, every_word_found() says whether
  // each word has an entry. Sorts `words` and drops repeats.
  std::optional<QueryError> start(const NameIndex& index, std::vector<std::string_view>& words, const Tables& tables);
  // These entries alone, one union.
  void start_entries(const NameIndex& index, std::span<const EntryId> entries);
  bool every_word_found() const noexcept { return every_word_found_; }

  // Gathers the prefixes' lists into the filter; writes no result.
  std::size_t next(std::span<Result> out, std::size_t& work);
  bool done() const noexcept { return term_at_ == terms_.size(); }

  // What the matching stage walks once done(): the unions, within the
  // filter (null when the query has no prefix).
  std::span<const MatchCursor::Union> unions() const noexcept { return lists_; }
  const EntryBitmap* filter() const noexcept { return terms_.empty() ? nullptr : &filter_; }

  // The bitmaps and lists held for the answer in progress.
  std::size_t held_bytes() const noexcept {
    return filter_.bytes() + term_.bytes() + lists_.capacity() * sizeof(lists_[0]) + terms_.capacity() * sizeof(Term);
  }

 private:
  // A term of the query that joins many lists: a prefix, the lists of the
  // words it begins in each table, beside whole lists.
  struct Term {
    // Words [first, last) of the table in slot `table` of tables_: small,
    // since a query holds a term a word.
    struct Words {
      std::uint32_t first = 0, last = 0;  // word indexes: an image's counts are 32-bit
      std::uint8_t table = 0;
    };
    std::array<std::span<const EntryId>, max_word_tables> lists{};
    std::array<Words, max_word_tables> ranges{};
    std::size_t list_count() const noexcept;
    std::span<const EntryId> list(std::size_t index, const Tables& tables) const noexcept;
  };
  // Adds the union or the term of one word; false when it has no entry.
  bool add_word(std::string_view word);

  const NameIndex* index_ = nullptr;
  bool every_word_found_ = false;
  std::vector<MatchCursor::Union> lists_;  // lists, or unions of them, for the cursor
  std::vector<Term> terms_;                // gathered into filter_, in turn
  Tables tables_{};                        // what the terms' words are words of
  EntryBitmap filter_;                     // every term's entries, intersected
  EntryBitmap term_;                       // the term being gathered, after the first
  std::size_t term_at_ = 0, list_at_ = 0, entry_at_ = 0;  // what gathering reaches next
  bool term_begun_ = false;                                 // its bitmap is cleared and sized
};

static_assert(Stage<GatherStage>);

}  // namespace mojifinder::query_detail
