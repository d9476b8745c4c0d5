#include "stages/gather_stage.hpp"

#include <algorithm>

#include "mojifinder/text/fold.hpp"
#include "query_detail.hpp"

namespace mojifinder::query_detail {

namespace {

// Steps it costs to reach one more word's list while gathering a term.
constexpr std::size_t list_steps = 16;

}  // namespace

std::optional<QueryError> GatherStage::start(const NameIndex& index, std::vector<std::string_view>& words,
                                             const Tables& tables) {
  for (const auto word : words) {
    const auto star = word.find('*');
    if (star != std::string_view::npos && (star == 0 || star + 1 != word.size())) {
      return malformed_query("a prefix is letters or digits followed by one * (smil*)");
    }
  }
  // Sorted, a prefix comes just before the words and longer prefixes it
  // begins.
  keep_distinct(words);
  const auto distinct = words.size();
  if (distinct > max_words_per_query) return too_many_words();
  index_ = &index;
  lists_.clear();
  terms_.clear();
  term_at_ = list_at_ = entry_at_ = 0;
  term_begun_ = false;
  tables_ = tables;
  every_word_found_ = false;  // until every word is known to match something
  for (std::size_t i = 0; i < distinct; ++i) {
    const auto word = words[i];
    // A prefix that another word or prefix of the query begins adds
    // nothing: every entry that one matches, it matches. What is left are
    // prefixes of which none begins another, so their words are disjoint
    // and gathering them all looks at each word of the index once at most.
    if (word.ends_with('*') && i + 1 < distinct && words[i + 1].starts_with(word.substr(0, word.size() - 1))) {
      continue;
    }
    if (!add_word(word)) return std::nullopt;
  }
  every_word_found_ = true;
  return std::nullopt;
}

void GatherStage::start_entries(const NameIndex& index, std::span<const EntryId> entries) {
  index_ = &index;
  lists_.clear();
  terms_.clear();
  term_at_ = list_at_ = entry_at_ = 0;
  term_begun_ = false;
  MatchCursor::Union found;
  found.parts[0] = entries;
  lists_.push_back(found);
  every_word_found_ = true;
}

bool GatherStage::add_word(std::string_view word) {
  // A word of a script written without spaces finds any part of a keyword:
  // the language's table holds every suffix of such words, so it is looked
  // up as a prefix.
  const bool prefix = word.ends_with('*') || is_written_without_spaces(word);
  if (word.ends_with('*')) word.remove_suffix(1);
  Term term;
  std::size_t lists = 0, ranges = 0;
  for (std::size_t slot = 0; slot < tables_.size(); ++slot) {
    const auto* table = tables_[slot];
    if (table == nullptr) continue;
    if (!prefix) {
      if (const auto list = table->find(word); !list.empty()) term.lists[lists++] = list;
      continue;
    }
    const auto [first, last] = table->starting_with(word);
    if (last - first == 1) {
      term.lists[lists++] = table->entries_of(first);
    } else if (last > first) {
      term.ranges[ranges++] = {static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(last),
                               static_cast<std::uint8_t>(slot)};
    }
  }
  if (lists == 0 && ranges == 0) return false;
  if (ranges == 0) {
    lists_.push_back({term.lists});
  } else {
    terms_.push_back(term);
  }
  return true;
}

std::size_t GatherStage::Term::list_count() const noexcept {
  std::size_t count = lists.size();
  for (const auto& range : ranges) count += range.last - range.first;
  return count;
}

std::span<const EntryId> GatherStage::Term::list(std::size_t index, const Tables& tables) const noexcept {
  if (index < lists.size()) return lists[index];
  index -= lists.size();
  for (const auto& range : ranges) {
    if (index < range.last - range.first) return tables[range.table]->entries_of(range.first + index);
    index -= range.last - range.first;
  }
  return {};
}

std::size_t GatherStage::next(std::span<Result>, std::size_t& work) {
  while (term_at_ < terms_.size()) {
    const auto& term = terms_[term_at_];
    auto& into = term_at_ == 0 ? filter_ : term_;
    if (!term_begun_) {
      into.reset(index_->size());
      work -= std::min(work, into.blocks());
      term_begun_ = true;
    }
    for (; list_at_ < term.list_count(); ++list_at_, entry_at_ = 0) {
      if (work == 0) return 0;
      const auto list = term.list(list_at_, tables_);
      // Finding a word's list costs cache misses whatever its length.
      if (entry_at_ == 0) work -= std::min(work, list_steps);
      // At least one entry a call, however little work is left: every call
      // gets somewhere.
      const auto n = std::min(std::max<std::size_t>(work, 1), list.size() - entry_at_);
      for (const auto id : list.subspan(entry_at_, n)) into.insert(id);
      entry_at_ += n;
      work -= std::min(work, n);
      if (entry_at_ < list.size()) return 0;  // the work ran out in this list
    }
    list_at_ = entry_at_ = 0;
    term_begun_ = false;
    ++term_at_;
    if (&into != &filter_) {
      filter_.intersect(term_);
      work -= std::min(work, filter_.blocks());
    }
  }
  term_.release();
  return 0;
}

}  // namespace mojifinder::query_detail
