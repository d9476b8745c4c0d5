// A word's sorted list of entries (NameIndex::WordTable::find), walked
// forward: by the cursor that intersects a query's lists, and by the judge
// of relevance, which asks of each result in turn whether a list holds it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>

#include "mojifinder/index/name_index.hpp"

namespace mojifinder {

// Advances `from` to the first element of `list` not less than `value`,
// galloping: cheap when the next candidate is near, logarithmic when far.
inline std::size_t gallop(std::span<const EntryId> list, std::size_t from, EntryId value) noexcept {
  std::size_t step = 1;
  std::size_t high = from;
  while (high < list.size() && list[high] < value) {
    from = high + 1;
    high += step;
    step *= 2;
  }
  high = std::min(high, list.size());
  return static_cast<std::size_t>(std::lower_bound(list.begin() + static_cast<std::ptrdiff_t>(from),
                                                   list.begin() + static_cast<std::ptrdiff_t>(high), value) -
                                  list.begin());
}

// Whether a list holds each of a run of entries asked in ascending order,
// each ask going on from the last: a run of n asks of a list of m entries
// costs about n log(m / n) rather than n log m. An ask below the last
// starts over.
class EntryListProbe {
 public:
  EntryListProbe() = default;
  explicit EntryListProbe(std::span<const EntryId> list) noexcept : list_(list) {}

  bool contains(EntryId id) noexcept {
    if (id < last_) at_ = 0;
    last_ = id;
    at_ = gallop(list_, at_, id);
    return at_ < list_.size() && list_[at_] == id;
  }
  bool empty() const noexcept { return list_.empty(); }
  // The list, and where the last ask that found its entry found it.
  std::span<const EntryId> list() const noexcept { return list_; }
  std::size_t at() const noexcept { return at_; }

 private:
  std::span<const EntryId> list_;
  std::size_t at_ = 0;
  EntryId last_ = 0;
};

}  // namespace mojifinder
