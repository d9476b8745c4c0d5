// A query's plan: the stage running, and what to try, in order, if the
// answer so far is empty when it ends. start() writes the plan from what
// the query is; Results follows it.
#pragma once

#include <cstdint>

namespace mojifinder::query_detail {

// The stages a query may run (stage.hpp), one at a time.
enum class StageId : std::uint8_t {
  none,        // nothing more to give: the answer is whole
  leads,       // with a language, the characters pasted, before what the words find
  gathering,   // words looked up in several tables, prefixes gathered into a filter
  matching,    // the cursor over names or over what gathering made
  languages,   // every field, no language: words no English field holds, looked for in every language
  correction,  // words that find nothing, looked for among near words, one a step
  listing,     // code points, or characters to identify, from the query's text
};

// What to try when the words found nothing, in the order tried.
enum class Fallback : std::uint8_t {
  other_fields = 1,  // the folded words of aliases, sequence names and keywords
  languages = 2,     // the words in another language (every field, no language)
  correction = 4,    // words corrected for typos
  identify = 8,      // the query's characters, one by one
};

class Plan {
 public:
  StageId running = StageId::none;
  // With leads: the stage the words began, which runs once the leads are given.
  StageId after_leads = StageId::none;

  // Every query of words may be corrected; the paths that are not words
  // (code points, characters, shortcodes) drop it.
  void reset() noexcept {
    running = after_leads = StageId::none;
    pending_ = static_cast<std::uint8_t>(Fallback::correction);
  }
  void add(Fallback fallback) noexcept {
    pending_ |= static_cast<std::uint8_t>(fallback);
    // A line beyond ASCII that finds nothing is identified, not guessed
    // at: pasted text is more likely than a slip (`naïve`).
    if (fallback == Fallback::identify) drop(Fallback::correction);
  }
  void drop(Fallback fallback) noexcept { pending_ &= static_cast<std::uint8_t>(~static_cast<unsigned>(fallback)); }
  // True, and no longer pending, when `fallback` was.
  bool take(Fallback fallback) noexcept {
    const bool was = (pending_ & static_cast<std::uint8_t>(fallback)) != 0;
    drop(fallback);
    return was;
  }

 private:
  std::uint8_t pending_ = 0;
};

}  // namespace mojifinder::query_detail
