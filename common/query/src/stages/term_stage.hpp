// Words looked up in several tables at once (names, a language's
// keywords, other names): each a term whose entry lists are joined, a
// prefix's gathered into a bitmap a bounded step at a time, then matched
// by the cursor. Also the entries of a shortcode or an emoticon, matched
// alone.
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

class TermStage final : public Stage {
 public:
  // Words looked up in `tables`, prefixes among them: a union of lists
  // for each word, a term for each prefix, narrowed by `constraint`. The
  // error for a malformed prefix or too many words; done() at once when a
  // word has no entry. Sorts `words` and drops repeats.
  std::optional<QueryError> start(const NameIndex& index, std::vector<std::string_view>& words, const Tables& tables,
                                  const MatchCursor::Constraint& constraint);
  // Results that are these entries, in code point order.
  void start_entries(const NameIndex& index, std::span<const EntryId> entries);

  std::size_t next(std::span<Result> out, std::size_t& work) override;
  bool done() const noexcept override { return phase_ == Phase::done; }

  // The bitmaps and lists held for the answer in progress.
  std::size_t held_bytes() const noexcept;

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
  enum class Phase : std::uint8_t {
    done,
    gathering,  // terms of many lists being gathered into the filter
    matching,   // the cursor over single lists and the filter
  };
  // Adds the union or the term of one word; false when it has no entry.
  bool add_word(std::string_view word);
  void start_matching();
  // Gathers terms into the filter; false when the work ran out first.
  bool gather(std::size_t& work);

  const NameIndex* index_ = nullptr;
  MatchCursor cursor_;
  Phase phase_ = Phase::done;
  std::vector<MatchCursor::Union> lists_;  // lists, or unions of them, for the cursor
  std::vector<Term> terms_;                // gathered into filter_, in turn
  Tables tables_{};                        // what the terms' words are words of
  EntryBitmap filter_;                     // every term's entries, intersected
  EntryBitmap term_;                       // the term being gathered, after the first
  std::size_t term_at_ = 0, list_at_ = 0, entry_at_ = 0;  // what gathering reaches next
  bool term_begun_ = false;                                 // its bitmap is cleared and sized
};

}  // namespace mojifinder::query_detail
