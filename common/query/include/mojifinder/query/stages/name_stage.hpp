// Plain words, as the original searched them: the characters whose names
// hold them all, streamed from the index by a cursor, with the characters
// of an alias the whole query is merged in (ZWJ, NUL, LINE FEED).
#pragma once

#include <span>
#include <string_view>

#include "mojifinder/index/match_cursor.hpp"
#include "mojifinder/index/name_index.hpp"
#include "mojifinder/query/stages/stage.hpp"

namespace mojifinder::query_detail {

class NameStage final : public Stage {
 public:
  // Starts on `words`, narrowed by `constraint`, with `aliased` (the
  // alias's characters, in entry order) merged in. Without an alias, it
  // looks for the first match at once, with a bounded work of its own, so
  // that found_any() can tell whether names find anything.
  void start(const NameIndex& index, std::span<const std::string_view> words, std::span<const EntryId> aliased,
             const MatchCursor::Constraint& constraint);
  // True when the alias has characters or the first match was found:
  // names find something. False may still find some later, when the
  // first match lay beyond the look.
  bool found_any() const noexcept { return !aliased_.empty() || has_head_; }

  std::size_t next(std::span<Result> out, std::size_t& work) override;
  bool done() const noexcept override { return cursor_.done() && !has_head_ && aliased_.empty(); }

 private:
  MatchCursor cursor_;
  std::span<const EntryId> aliased_;  // the alias's characters not given yet
  EntryId head_ = 0;                  // the cursor's next match, taken already
  bool has_head_ = false;
};

}  // namespace mojifinder::query_detail
