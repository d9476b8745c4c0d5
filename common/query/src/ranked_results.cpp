#include "mojifinder/query/ranked_results.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <functional>
#include <utility>

#include "mojifinder/text/fold.hpp"
#include "mojifinder/text/utf8.hpp"
#include "mojifinder/text/words.hpp"
#include "relevance.hpp"

namespace mojifinder {

namespace {

// A result judged, as one number: the higher, the better; of equal
// scores, the lower entry.
std::uint64_t judged(std::uint32_t score, EntryId id) noexcept {
  return std::uint64_t{score} << 32 | (0xFFFF'FFFFu - id);
}
EntryId entry_of(std::uint64_t judged) noexcept { return 0xFFFF'FFFFu - static_cast<std::uint32_t>(judged); }

// Best first, of results judged in ascending entry order: a stable
// counting sort by score alone (there are few, below score_limit) leaves
// equal scores in entry order, in time linear in the results.
void sort_by_score(std::vector<std::uint64_t>& results) {
  constexpr auto limit = query_detail::RelevanceJudge::score_limit;
  // The higher score first: each counted under limit - 1 less it.
  const auto key = [](std::uint64_t r) { return limit - 1 - static_cast<std::uint32_t>(r >> 32); };
  std::array<std::uint32_t, limit> at{};
  for (const auto r : results) ++at[key(r)];
  std::uint32_t sum = 0;
  for (auto& count : at) sum += std::exchange(count, sum);
  thread_local std::vector<std::uint64_t> scratch;
  scratch.resize(results.size());
  for (const auto r : results) scratch[at[key(r)]++] = r;
  results.swap(scratch);
}

}  // namespace

RankedResults::RankedResults() = default;
RankedResults::~RankedResults() = default;
RankedResults::RankedResults(RankedResults&&) noexcept = default;
RankedResults& RankedResults::operator=(RankedResults&&) noexcept = default;

std::optional<QueryError> RankedResults::start(const NameIndex& index, std::string_view query,
                                               const NameIndex::Locale* language, Order order, std::size_t wanted,
                                               LanguageChoice choice) {
  produced_ = found_ = given_at_ = judged_kept_ = pending_at_ = pending_count_ = 0;
  best_.clear();
  rest_block_ = 0;
  rest_bits_ = 0;
  judging_ = sort_deferred_ = false;
  kept_in_order_ = true;
  // Relevance ranks what every field finds; code point order is the
  // original's answer.
  if (auto error = results_.start(index, query, language,
                                  order == Order::relevance ? Fields::every_field : Fields::names_first, choice)) {
    return error;
  }
  phase_ = Phase::given;
  if (order == Order::codepoint || results_.listed() || results_.done()) return std::nullopt;
  phase_ = Phase::judging;
  keep_ = wanted == 0 ? max_ranked : std::min(wanted, max_ranked);
  query_.assign(query);
  ranked_lead_.reset();
  if (results_.leading()) {
    // One character of a script written without spaces, a word as well
    // (Results looks for it in every field after it): ranked among what
    // it finds, not ahead of them.
    const auto text = strip_white_space(query);
    const auto decoded = utf8::decode(text);
    if (decoded && decoded->length == text.size() && is_written_without_spaces(text)) {
      ranked_lead_ = index.find(decoded->code_point);
    }
  }
  return std::nullopt;
}

std::uint32_t RankedResults::score_of(EntryId id) {
  return id == ranked_lead_ ? query_detail::RelevanceJudge::after_keywords() : judge_->score(id);
}

std::uint32_t RankedResults::best_possible_of(EntryId id) const {
  return id == ranked_lead_ ? query_detail::RelevanceJudge::after_keywords() : judge_->best_possible(id);
}

bool RankedResults::done() const noexcept {
  switch (phase_) {
    case Phase::given:
      return results_.done();
    case Phase::rest:
      return rest_block_ >= rest_.blocks();
    case Phase::judging:
      return false;
    case Phase::ranked:
      return given_at_ == best_.size() && found_ == best_.size();
  }
  return true;
}

std::size_t RankedResults::next(std::span<Result> out, std::size_t& work) {
  std::size_t n = 0;
  switch (phase_) {
    case Phase::given:
      n = results_.next(out, work);
      break;
    case Phase::judging:
    case Phase::ranked:
      n = next_judged(out, work);
      break;
    case Phase::rest:
      n = next_rest(out, work);
      break;
  }
  produced_ += n;
  return n;
}

std::size_t RankedResults::next_judged(std::span<Result> out, std::size_t& work) {
  // Characters pasted come first as they are, whatever the order asked
  // (Results::leading()); the rest is ranked.
  if (phase_ == Phase::judging && results_.leading() && !ranked_lead_) return results_.next(out, work);
  while (phase_ == Phase::judging && work > 0) {
    if (!take_pending(work)) return 0;
    if (results_.done()) {
      if (!rank_kept(work)) return 0;
      break;
    }
    // No more than `out` takes: should the words find nothing, and the
    // query's characters be identified instead (results.hpp), these are
    // given as they come, in the order of the query.
    const auto n = results_.next(std::span(pending_).first(std::min(pending_.size(), out.size())), work);
    pending_count_ = n;
    pending_at_ = 0;
    if (results_.listed()) {
      phase_ = Phase::given;
      std::copy_n(pending_.begin(), n, out.begin());
      pending_count_ = 0;
      return n;
    }
    found_ += n;
  }
  if (phase_ != Phase::ranked) return 0;
  const auto n = std::min(out.size(), best_.size() - given_at_);
  for (std::size_t i = 0; i < n; ++i) out[i] = entry_of(best_[given_at_ + i]);
  given_at_ += n;
  if (given_at_ == best_.size() && found_ > best_.size()) {
    // More were found than ranked: the rest, in code point order.
    for (const auto entry : best_) rest_.erase(entry_of(entry));
    phase_ = Phase::rest;
    rest_block_ = 0;
    rest_bits_ = rest_.blocks() > 0 ? rest_.block(0) : 0;
  }
  return n;
}

bool RankedResults::take_pending(std::size_t& work) {
  // Kept unjudged while they all fit: an answer of one needs no judge.
  for (; !judging_ && pending_at_ < pending_count_ && best_.size() < keep_ && work > 0; --work) {
    best_.push_back(judged(0, pending_[pending_at_++]));
  }
  if (pending_at_ == pending_count_) return true;
  if (work == 0) return false;
  if (!judging_) {
    // More than fit: what is found is kept as a set from now on, so that
    // the rest need not be searched for again.
    start_judge();
    rest_.reset(results_.index()->size());
    for (const auto entry : best_) rest_.insert(entry_of(entry));
  }
  if (!judge_kept(work)) return false;
  if (kept_in_order_) {
    std::make_heap(best_.begin(), best_.end(), std::greater<std::uint64_t>());
    kept_in_order_ = false;
  }
  // Each of the rest against the worst kept, the judge's figures first:
  // most of a long answer could not beat it even at best, and is not read.
  const auto worst_first = std::greater<std::uint64_t>();
  auto worst = best_.front();
  while (pending_at_ < pending_count_ && work > 0) {
    const auto id = pending_[pending_at_++];
    rest_.insert(id);
    if (judged(best_possible_of(id), id) <= worst) {
      work -= std::min(work, judged_out_steps);
      continue;
    }
    const auto entry = judged(score_of(id), id);
    work -= std::min(work, judge_cost());
    if (entry > worst) {
      std::pop_heap(best_.begin(), best_.end(), worst_first);
      best_.back() = entry;
      std::push_heap(best_.begin(), best_.end(), worst_first);
      worst = best_.front();
    }
  }
  return pending_at_ == pending_count_;
}

std::size_t RankedResults::judge_cost() const noexcept {
  return judge_steps + judge_steps_per_byte * judge_->bytes_read();
}

void RankedResults::start_judge() {
  judging_ = true;
  judged_kept_ = 0;
  if (!judge_) judge_ = std::make_unique<query_detail::RelevanceJudge>();
  // Results of a corrected query are judged by the words searched.
  const auto corrected = results_.corrected_query();
  judge_->start(*results_.index(), results_.language(), corrected.empty() ? std::string_view(query_) : corrected,
                results_.names_hold_every_word());
}

bool RankedResults::judge_kept(std::size_t& work) {
  if (judged_kept_ == best_.size()) return true;
  for (; judged_kept_ < best_.size(); ++judged_kept_) {
    if (work == 0) return false;
    const auto id = entry_of(best_[judged_kept_]);
    best_[judged_kept_] = judged(score_of(id), id);
    work -= std::min(work, judge_cost());
  }
  return true;
}

bool RankedResults::rank_kept(std::size_t& work) {
  if (best_.size() > 1) {
    if (!judging_) start_judge();
    if (!judge_kept(work)) return false;
    // The sort costs a few steps a result: a call left with less than
    // that gives it the next call's whole work, once.
    const auto sort_steps = sort_steps_per_result * best_.size();
    if (work < sort_steps && !sort_deferred_) {
      sort_deferred_ = true;
      work = 0;
      return false;
    }
    work -= std::min(work, sort_steps);
    // A few are sorted whole (score and entry are one key); counting
    // passes pay off on hundreds.
    // A ranked lead comes first, out of entry order.
    if (kept_in_order_ && !ranked_lead_ && best_.size() > 64) {
      sort_by_score(best_);
    } else {
      std::sort(best_.begin(), best_.end(), std::greater<std::uint64_t>());
    }
  }
  phase_ = Phase::ranked;
  return true;
}

std::size_t RankedResults::next_rest(std::span<Result> out, std::size_t& work) {
  // A step a block of 64 entries, as a gathered prefix is scanned, and a
  // few a result.
  std::size_t n = 0;
  const auto blocks = rest_.blocks();
  while (rest_block_ < blocks && work > 0) {
    if (rest_bits_ == 0) {
      if (++rest_block_ < blocks) rest_bits_ = rest_.block(rest_block_);
      --work;
      continue;
    }
    if (n == out.size()) break;
    out[n++] = static_cast<Result>(rest_block_ * 64 + static_cast<std::size_t>(std::countr_zero(rest_bits_)));
    rest_bits_ &= rest_bits_ - 1;
    work -= std::min(work, rest_result_steps);
  }
  return n;
}

RankedResults::Judging RankedResults::judging() const noexcept {
  if (!judging_ || !judge_) return {};
  return {judge_->scored(), judge_->total_bytes_read()};
}

std::size_t RankedResults::held_bytes() const noexcept {
  return results_.held_bytes() + best_.capacity() * sizeof(best_[0]) +
         rest_.bytes() +
         query_.capacity() + (judge_ ? judge_->held_bytes() : 0);
}

void RankedResults::release_spare_capacity() noexcept {
  results_.release_spare_capacity();
  best_ = {};
  rest_.release();
  query_ = {};
  judge_.reset();
}

}  // namespace mojifinder
