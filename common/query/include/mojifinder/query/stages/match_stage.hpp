// The results the index's lists give, streamed by a cursor: plain words
// by name, as the original searched them, with the characters of an alias
// the whole query is merged in (ZWJ, NUL, LINE FEED); or the unions of
// lists the gathering stage made of words looked up in several tables,
// within the bitmap of its prefixes. The one stage Results holds by
// value: most queries need no other, and its cursor keeps its capacity
// from one answer to the next.
#pragma once

#include <span>
#include <string_view>

#include "mojifinder/index/entry_bitmap.hpp"
#include "mojifinder/index/match_cursor.hpp"
#include "mojifinder/index/name_index.hpp"
#include "mojifinder/query/stages/stage.hpp"

namespace mojifinder::query_detail {

class MatchStage {
 public:
  // Starts on `words` by name, narrowed by `constraint`, with `aliased`
  // (the alias's characters, in entry order) merged in. Without an alias,
  // it looks for the first match at once, with a bounded work of its own,
  // so that found_any() can tell whether names find anything.
  void start_names(const NameIndex& index, std::span<const std::string_view> words, std::span<const EntryId> aliased,
                   const MatchCursor::Constraint& constraint);
  // Starts on `unions` (a word's lists in each table, joined), within
  // `filter` when not null, narrowed by `constraint`. Both must outlive
  // the stage's run.
  void start_unions(std::span<const MatchCursor::Union> unions, const EntryBitmap* filter,
                    const MatchCursor::Constraint& constraint);
  // True when the alias has characters or the first match was found:
  // names find something. False may still find some later, when the
  // first match lay beyond the look.
  bool found_any() const noexcept { return !aliased_.empty() || has_head_; }

  std::size_t next(std::span<Result> out, std::size_t& work);
  bool done() const noexcept { return cursor_.done() && !has_head_ && aliased_.empty(); }

 private:
  MatchCursor cursor_;
  std::span<const EntryId> aliased_;  // the alias's characters not given yet
  EntryId head_ = 0;                  // the cursor's next match, taken already
  bool has_head_ = false;
};

static_assert(Stage<MatchStage>);

}  // namespace mojifinder::query_detail
