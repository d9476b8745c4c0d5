// With a language, a line that would be identified at once without one (a
// character, a run of symbols: `×`, `ß`, `€ $`, pasted emoji) is given
// first, as characters, in the order pasted; what the words then find in
// the language skips them, so that none is given twice.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "mojifinder/index/name_index.hpp"
#include "mojifinder/query/stages/stage.hpp"

namespace mojifinder::query_detail {

class LeadStage {
 public:
  // Identifies the characters of `text` all at once, as the listing
  // stage would: the line is short, and the words' results must know
  // them to skip them.
  void start(const NameIndex& index, std::string_view text);
  // Forgets the leads: a query without them skips nothing.
  void clear() noexcept;

  std::size_t next(std::span<Result> out, std::size_t& work);
  bool done() const noexcept { return at_ == leads_.size(); }

  // The leads given first, which the words' results skip.
  std::size_t count() const noexcept { return leads_.size(); }
  bool skips_any() const noexcept { return !set_.empty(); }
  // Takes the leads out of the `given` results just written: returns how
  // many are kept, at the front.
  std::size_t skip(std::span<Result> given) const;
  std::size_t held_bytes() const noexcept { return (leads_.capacity() + set_.capacity()) * sizeof(Result); }

 private:
  std::vector<Result> leads_;  // the characters pasted, as given
  std::vector<Result> set_;    // ... sorted, which the words' results skip
  std::size_t at_ = 0;         // the next to give
};

static_assert(Stage<LeadStage>);

}  // namespace mojifinder::query_detail
