#include "mojifinder/query/stages/match_stage.hpp"

namespace mojifinder::query_detail {

void MatchStage::start_names(const NameIndex& index, std::span<const std::string_view> words,
                             std::span<const EntryId> aliased, const MatchCursor::Constraint& constraint) {
  cursor_.constrain(constraint);
  cursor_.start(index, words);
  aliased_ = aliased;
  has_head_ = false;
  if (!aliased_.empty()) return;
  // Whether names find anything: the first match, kept for next(). The
  // look is bounded; a query whose first match lies further finds out
  // later.
  std::size_t work = work_per_call;
  has_head_ = cursor_.next(std::span(&head_, 1), work) == 1;
}

void MatchStage::start_unions(std::span<const MatchCursor::Union> unions, const EntryBitmap* filter,
                              const MatchCursor::Constraint& constraint) {
  cursor_.constrain(constraint);
  cursor_.start(unions, filter);
  aliased_ = {};
  has_head_ = false;
}

std::size_t MatchStage::next(std::span<Result> out, std::size_t& work) {
  std::size_t written = 0;
  if (aliased_.empty()) {
    // The common case: the cursor's matches, after the one taken to see
    // whether there was any.
    if (has_head_ && !out.empty()) {
      out[written++] = head_;
      has_head_ = false;
    }
    return written + cursor_.next(out.subspan(written), work);
  }
  // Merged with the alias's characters, one at a time (there are few).
  while (written < out.size()) {
    if (!has_head_ && !cursor_.done()) {
      has_head_ = cursor_.next(std::span(&head_, 1), work) == 1;
      if (!has_head_ && !cursor_.done()) break;  // the work ran out
    }
    if (!has_head_ && aliased_.empty()) break;
    if (aliased_.empty() || (has_head_ && head_ <= aliased_.front())) {
      if (!aliased_.empty() && head_ == aliased_.front()) aliased_ = aliased_.subspan(1);
      out[written++] = head_;
      has_head_ = false;
    } else {
      out[written++] = aliased_.front();
      aliased_ = aliased_.subspan(1);
    }
  }
  return written;
}

}  // namespace mojifinder::query_detail
