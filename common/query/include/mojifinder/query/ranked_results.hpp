// The results of a query in the order asked for: code point order, as the
// original answered, or relevance order, the best match first.
//
// Relevance ranks what the search finds (results.hpp), no more and no
// fewer: the first max_ranked results by how well each matches (the rule
// is RelevanceJudge's, in README), then the rest in code point order.
// Queries of code points, and characters identified one by one, keep the
// order they were given in; but one character of a script written without
// spaces, a word as well (`猫`), is ranked with what it finds. Bounded as every query is: results are looked
// at a call at a time, and what is held is at most max_ranked entries and,
// for a longer answer, one bitmap of the index.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mojifinder/index/entry_bitmap.hpp"
#include "mojifinder/index/name_index.hpp"
#include "mojifinder/query/query.hpp"
#include "mojifinder/query/results.hpp"

namespace mojifinder {

namespace query_detail {
class RelevanceJudge;
}

// Results ranked at most: ten pages of the web's hundred. An answer longer
// than this is ranked this far, and goes on in code point order.
inline constexpr std::size_t max_ranked = 1000;

// Steps one result's judging costs, against the work of one call
// (Results::next): it finds up to three fields of the entry, folded when
// the image was made, and reads them, at a cost in proportion to their
// bytes (docs/performance/limits.md). A result judged out by the image's
// figures alone costs a few steps; one kept to be judged later, one.
inline constexpr std::size_t judge_steps = 32;
inline constexpr std::size_t judge_steps_per_byte = 2;
inline constexpr std::size_t judged_out_steps = 4;
// Steps a result of the best costs to sort, once every result is judged.
inline constexpr std::size_t sort_steps_per_result = 24;
// Steps a result past the ranked costs, given from the bitmap of the rest.
inline constexpr std::size_t rest_result_steps = 2;

class RankedResults {
 public:
  RankedResults();
  ~RankedResults();
  RankedResults(RankedResults&&) noexcept;
  RankedResults& operator=(RankedResults&&) noexcept;

  // As Results::start, in `order`; `wanted` results at most will be asked
  // for (an offset and a page: 0 for every one), so that only those are
  // ranked.
  std::optional<QueryError> start(const NameIndex& index, std::string_view query, const NameIndex::Locale* language,
                                  Order order, std::size_t wanted, LanguageChoice choice = LanguageChoice::chosen);

  // As Results::next.
  std::size_t next(std::span<Result> out, std::size_t& work);
  std::size_t next(std::span<Result> out) {
    std::size_t work = work_per_call;
    return next(out, work);
  }
  bool done() const noexcept;
  std::size_t produced() const noexcept { return produced_; }
  const NameIndex* index() const noexcept { return results_.index(); }
  const NameIndex::Locale* language() const noexcept { return results_.language(); }
  // As Results': the language the words were found in, without one given.
  const NameIndex::Locale* found_in_language() const noexcept { return results_.found_in_language(); }
  // As Results' (typos corrected): ranked by what was searched.
  std::string_view corrected_query() const noexcept { return results_.corrected_query(); }
  std::string_view asked_query() const noexcept { return results_.asked_query(); }
  std::size_t held_bytes() const noexcept;
  void release_spare_capacity() noexcept;

  // What judging has done since start(): results scored, and the bytes of
  // their fields read. For tests and benchmarks, which hold each call's
  // work to what it counted.
  struct Judging {
    std::size_t scored = 0, bytes_read = 0;
  };
  Judging judging() const noexcept;

 private:
  enum class Phase : unsigned char {
    given,    // code point order, or an order of the query's own: Results' as it comes
    judging,  // every result looked at, the best kept
    ranked,   // the best given, best first
    rest,     // what was found beyond the ranked, in code point order
  };
  std::size_t next_judged(std::span<Result> out, std::size_t& work);
  std::size_t next_rest(std::span<Result> out, std::size_t& work);
  // Each of these does what `work` allows and goes on at the next call:
  // false when the work ran out first. Judging is spread over calls as
  // searching is, so that no call of a long answer judges a thousand
  // results at once.
  //
  // Takes what was found and not yet judged (pending_): kept unjudged while
  // it fits, then judged against the best kept.
  bool take_pending(std::size_t& work);
  // Judges what was kept unjudged, once.
  bool judge_kept(std::size_t& work);
  // Once every result is found: the best judged and sorted, best first.
  bool rank_kept(std::size_t& work);
  // Starts the judge on the query searched.
  void start_judge();
  // The steps the judge's last score took.
  std::size_t judge_cost() const noexcept;
  // A result's score, and at least it, as the judge gives them; a ranked
  // lead's its own.
  std::uint32_t score_of(EntryId id);
  std::uint32_t best_possible_of(EntryId id) const;

  Results results_;
  Phase phase_ = Phase::given;
  std::size_t produced_ = 0;
  std::size_t keep_ = 0;       // results ranked at most
  std::size_t found_ = 0;      // results found by the search
  std::size_t given_at_ = 0;   // ranked: the next of best_ to give
  std::size_t rest_block_ = 0;  // rest: the block of rest_ being given
  std::uint64_t rest_bits_ = 0; // ... and what of it is left to give
  std::size_t judged_kept_ = 0;  // judging what was kept: how far it is
  bool judging_ = false;       // best_ is being judged, then a heap; before, results as they came
  bool sort_deferred_ = false; // the sort of the best waited for a call's whole work once
  bool kept_in_order_ = true;  // best_ is in the order found (entry order), not yet a heap
  std::vector<std::uint64_t> best_;  // score and entry: the worst first while judging (a heap), then best first
  // Found by the search and not taken yet: the rest of a batch whose
  // judging the work of a call did not cover.
  std::array<Result, 256> pending_;
  std::size_t pending_at_ = 0, pending_count_ = 0;
  // Every entry found, once more were found than are ranked; the ranked
  // taken out, it is the rest, given in code point order.
  EntryBitmap rest_;
  // A character asked alone that is also a word, of a script written
  // without spaces (`猫`): ranked after the characters whose keyword it is
  // (🐈, 🐱) rather than given first as a pasted character is.
  std::optional<EntryId> ranked_lead_;
  std::string query_;                // for the judge
  std::unique_ptr<query_detail::RelevanceJudge> judge_;
};

}  // namespace mojifinder
