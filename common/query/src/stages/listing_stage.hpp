// Results listed from the query's text, in the order it gives them: code
// points and ranges (`U+1F600`, `U+2600..U+260F`), named or not, or the
// characters of a line to identify, an emoji sequence pasted whole being
// one.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "mojifinder/index/name_index.hpp"
#include "mojifinder/query/query.hpp"
#include "mojifinder/query/stages/stage.hpp"

namespace mojifinder::query_detail {

class ListingStage {
 public:
  // The code points and ranges of `query`; the error naming a token that
  // is neither, or too many code points.
  std::optional<QueryError> start_code_points(const NameIndex& index, std::string_view query);
  // The characters of `text`, one by one.
  void start_identify(const NameIndex& index, std::string_view text);

  std::size_t next(std::span<Result> out, std::size_t& work);
  bool done() const noexcept { return done_; }

  std::size_t held_bytes() const noexcept { return text_.capacity(); }

 private:
  const NameIndex* index_ = nullptr;
  std::string text_;
  std::size_t text_at_ = 0;                // where the next token or character begins
  char32_t range_next_ = 1, range_last_ = 0;  // code points: what is left of the range listed
  bool code_points_ = false;               // listing code points, not identifying characters
  bool done_ = true;
};

static_assert(Stage<ListingStage>);

}  // namespace mojifinder::query_detail
