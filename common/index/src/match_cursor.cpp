#include "mojifinder/index/match_cursor.hpp"

#include <algorithm>

#include "mojifinder/index/entry_list.hpp"

namespace mojifinder {

void MatchCursor::reset(const EntryBitmap* filter) {
  lists_.clear();
  unions_.clear();
  filter_ = filter;
  filter_at_ = 0;
  produced_ = 0;
  done_ = false;
}

void MatchCursor::start(const NameIndex& index, std::span<const std::string_view> words) {
  reset(nullptr);
  for (const auto word : words) {
    if (!add(index.name_words().find(word))) return;
  }
  order();
}

void MatchCursor::start(std::span<const std::span<const EntryId>> lists, const EntryBitmap* filter) {
  reset(filter);
  for (const auto list : lists) {
    if (!add(list)) return;
  }
  order();
}

void MatchCursor::start(std::span<const Union> unions, const EntryBitmap* filter) {
  reset(filter);
  for (const auto& joined : unions) {
    if (!add(joined)) return;
  }
  // A query whose unions are single lists takes the single lists' way.
  if (std::all_of(unions_.begin(), unions_.end(), [](const Joined& j) { return j.count == 1; })) {
    for (const auto& joined : unions_) lists_.push_back(joined.parts[0]);
    unions_.clear();
  }
  order();
}

bool MatchCursor::add(std::span<const EntryId> entries) {
  if (entries.empty()) {  // a word no name has: nothing matches
    lists_.clear();
    unions_.clear();
    filter_ = nullptr;
    done_ = true;
    return false;
  }
  // The same word twice adds nothing.
  const bool seen = std::any_of(lists_.begin(), lists_.end(),
                                [&](const List& l) { return l.entries.data() == entries.data(); });
  if (!seen) lists_.push_back({entries, 0});
  return true;
}

bool MatchCursor::add(const Union& joined) {
  Joined parts{};
  parts.count = 0;
  for (const auto part : joined.parts) {
    if (!part.empty()) parts.parts[parts.count++] = {part, 0};
  }
  if (parts.count == 0) return add(std::span<const EntryId>{});
  const auto same = [&](const Joined& other) {
    if (other.count != parts.count) return false;
    for (std::size_t i = 0; i < parts.count; ++i) {
      if (other.parts[i].entries.data() != parts.parts[i].entries.data()) return false;
    }
    return true;
  };
  if (std::none_of(unions_.begin(), unions_.end(), same)) unions_.push_back(parts);
  return true;
}

std::size_t MatchCursor::Joined::size() const noexcept {
  std::size_t total = 0;
  for (std::size_t i = 0; i < count; ++i) total += parts[i].entries.size();
  return total;
}

void MatchCursor::order() {
  // Walk the shortest list and only probe the others: the answer can be no
  // longer than it.
  // A query has a few lists: an insertion sort costs less than std::sort's
  // set-up for them.
  for (std::size_t i = 1; i < lists_.size(); ++i) {
    for (std::size_t j = i; j > 0 && lists_[j].entries.size() < lists_[j - 1].entries.size(); --j) {
      std::swap(lists_[j], lists_[j - 1]);
    }
  }
  for (std::size_t i = 1; i < unions_.size(); ++i) {
    for (std::size_t j = i; j > 0 && unions_[j].size() < unions_[j - 1].size(); --j) {
      std::swap(unions_[j], unions_[j - 1]);
    }
  }
  for (auto& joined : unions_) {
    const auto parts = std::span(joined.parts).first(joined.count);
    std::sort(parts.begin(), parts.end(),
              [](const List& a, const List& b) { return a.entries.size() > b.entries.size(); });
  }
  if (lists_.empty() && unions_.empty() && filter_ == nullptr && !constraint_.any()) done_ = true;
  filter_at_ = constraint_.first;
}

std::span<const EntryId> MatchCursor::whole_list() const noexcept {
  return lists_.size() == 1 && unions_.empty() && filter_ == nullptr && !constraint_.any() && produced_ == 0
             ? lists_.front().entries
             : std::span<const EntryId>{};
}

namespace {

// Steps a probe into another list costs: a gallop and a binary search over
// lists of up to 100,000 entries, with their cache misses.
constexpr std::size_t probe_steps = 8;

// Steps an entry of the filter or of a range costs when it is a match:
// the constraint checked, the match written and handed on, beside the
// step of reaching it (docs/performance/limits.md).
constexpr std::size_t match_steps = 3;

}  // namespace

std::size_t MatchCursor::next(std::span<EntryId> out) {
  std::size_t unlimited = SIZE_MAX;
  return next(out, unlimited);
}

std::size_t MatchCursor::walk_range(std::span<EntryId> out, std::size_t& work) {
  // No words: every entry the constraint allows, from its range.
  std::size_t written = 0;
  const auto last = std::min<std::size_t>(constraint_.last, constraint_.index ? constraint_.index->size() : 0);
  while (written < out.size() && work > 0) {
    if (filter_at_ >= last) {
      done_ = true;
      break;
    }
    --work;
    const auto id = static_cast<EntryId>(filter_at_++);
    if (constraint_.allows(id)) {
      out[written++] = id;
      work -= std::min(work, match_steps);
    }
  }
  produced_ += written;
  return written;
}

std::size_t MatchCursor::walk_filter(std::span<EntryId> out, std::size_t& work) {
  std::size_t written = 0;
  const auto blocks = filter_->blocks();
  while (written < out.size() && work > 0) {
    const auto block = filter_at_ / 64;
    if (block >= blocks) {
      done_ = true;
      break;
    }
    --work;
    // The bits of this block from filter_at_ on.
    auto bits = filter_->block(block) >> (filter_at_ % 64);
    if (bits == 0) {
      filter_at_ = (block + 1) * 64;
      continue;
    }
    filter_at_ += static_cast<std::size_t>(std::countr_zero(bits));
    const auto id = static_cast<EntryId>(filter_at_++);
    if (constraint_.allows(id)) {
      out[written++] = id;
      work -= std::min(work, match_steps);
    }
  }
  produced_ += written;
  return written;
}

std::size_t MatchCursor::next_of_unions(std::span<EntryId> out, std::size_t& work) {
  auto& walked = unions_.front();
  std::size_t probed_parts = 0;
  for (std::size_t i = 1; i < unions_.size(); ++i) probed_parts += unions_[i].count;
  const std::size_t candidate_steps = walked.count + probe_steps * probed_parts;
  std::size_t written = 0;
  while (written < out.size() && work > 0) {
    // The walked union's next entry: the least of its parts' next ones.
    bool any = false;
    EntryId candidate = 0;
    for (std::size_t p = 0; p < walked.count; ++p) {
      const auto& part = walked.parts[p];
      if (part.at < part.entries.size() && (!any || part.entries[part.at] < candidate)) {
        candidate = part.entries[part.at];
        any = true;
      }
    }
    if (!any) {
      done_ = true;
      break;
    }
    for (std::size_t p = 0; p < walked.count; ++p) {
      auto& part = walked.parts[p];
      if (part.at < part.entries.size() && part.entries[part.at] == candidate) ++part.at;
    }
    work -= std::min(work, candidate_steps);
    bool in_all = true;
    for (std::size_t i = 1; i < unions_.size() && in_all; ++i) {
      // The longest part first, the likeliest to hold the candidate; the
      // rest are not probed once one does (a part behind goes on later from
      // where it stands). A part already past the candidate is not probed,
      // and one spent is dropped: no later candidate can be in it.
      auto& probed = unions_[i];
      bool found = false;
      for (std::size_t p = 0; p < probed.count && !found;) {
        auto& part = probed.parts[p];
        if (part.entries[part.at] > candidate) {
          ++p;
          continue;
        }
        part.at = gallop(part.entries, part.at, candidate);
        if (part.at == part.entries.size()) {
          std::copy(probed.parts.begin() + static_cast<std::ptrdiff_t>(p) + 1,
                    probed.parts.begin() + static_cast<std::ptrdiff_t>(probed.count), probed.parts.begin() + static_cast<std::ptrdiff_t>(p));
          --probed.count;
          continue;
        }
        found = part.entries[part.at] == candidate;
        ++p;
      }
      if (probed.count == 0) {  // nothing further can match
        for (std::size_t p = 0; p < walked.count; ++p) walked.parts[p].at = walked.parts[p].entries.size();
      }
      in_all = found;
    }
    if (in_all && filter_ != nullptr && !filter_->contains(candidate)) in_all = false;
    if (in_all && !constraint_.allows(candidate)) in_all = false;
    if (in_all) out[written++] = candidate;
  }
  produced_ += written;
  return written;
}

std::size_t MatchCursor::next(std::span<EntryId> out, std::size_t& work) {
  if (done_) return 0;
  if (!unions_.empty()) return next_of_unions(out, work);
  if (lists_.empty()) return filter_ != nullptr ? walk_filter(out, work) : walk_range(out, work);
  auto& walked = lists_.front();
  std::size_t written = 0;
  // A candidate costs a step, and each probe into another list, which
  // gallops and searches, more.
  const std::size_t candidate_steps = 1 + probe_steps * (lists_.size() - 1);
  while (written < out.size() && work > 0) {
    if (walked.at == walked.entries.size()) {
      done_ = true;
      break;
    }
    const EntryId candidate = walked.entries[walked.at++];
    bool in_all = true;
    work -= std::min(work, candidate_steps);
    for (std::size_t i = 1; i < lists_.size(); ++i) {
      auto& probed = lists_[i];
      probed.at = gallop(probed.entries, probed.at, candidate);
      if (probed.at == probed.entries.size()) {
        walked.at = walked.entries.size();  // this list is spent: nothing further can match
        in_all = false;
        break;
      }
      if (probed.entries[probed.at] != candidate) {
        in_all = false;
        break;
      }
    }
    if (in_all && filter_ != nullptr && !filter_->contains(candidate)) in_all = false;
    if (in_all && !constraint_.allows(candidate)) in_all = false;
    if (in_all) out[written++] = candidate;
  }
  if (walked.at == walked.entries.size()) done_ = true;
  produced_ += written;
  return written;
}

}  // namespace mojifinder
