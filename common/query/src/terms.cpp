// Words looked up in several tables at once (names, a language's
// keywords, other names): each a term whose entry lists are joined, a
// prefix's gathered into a bitmap a bounded step at a time, then matched
// by the cursor. Results' stages `gathering` and `matching`.
#include <algorithm>

#include "mojifinder/query/results.hpp"
#include "mojifinder/text/fold.hpp"
#include "query_detail.hpp"

namespace mojifinder {

using namespace query_detail;

namespace {

// Steps it costs to reach one more word's list while gathering a term.
constexpr std::size_t list_steps = 16;

}  // namespace

std::optional<QueryError> Results::start_terms(std::vector<std::string_view>& words, const Tables& tables) {
  names_hold_every_word_ = false;
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
  auto& e = extra();
  e.lists.clear();
  e.terms.clear();
  e.term_at = e.list_at = e.entry_at = 0;
  e.term_begun = false;
  e.tables = tables;
  stage_ = Stage::done;  // until every word is known to match something
  for (std::size_t i = 0; i < distinct; ++i) {
    const auto word = words[i];
    // A prefix that another word or prefix of the query begins adds
    // nothing: every entry that one matches, it matches. What is left are
    // prefixes of which none begins another, so their words are disjoint
    // and gathering them all looks at each word of the index once at most.
    if (word.ends_with('*') && i + 1 < distinct && words[i + 1].starts_with(word.substr(0, word.size() - 1))) {
      continue;
    }
    if (!add_word(word, tables)) return std::nullopt;
  }
  start_matching();
  return std::nullopt;
}

bool Results::add_word(std::string_view word, const Tables& tables) {
  auto& e = *extra_;
  // A word of a script written without spaces finds any part of a keyword:
  // the language's table holds every suffix of such words, so it is looked
  // up as a prefix.
  const bool prefix = word.ends_with('*') || is_written_without_spaces(word);
  if (word.ends_with('*')) word.remove_suffix(1);
  Term term;
  std::size_t lists = 0, ranges = 0;
  for (std::size_t slot = 0; slot < tables.size(); ++slot) {
    const auto* table = tables[slot];
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
    e.lists.push_back({term.lists});
  } else {
    e.terms.push_back(term);
  }
  return true;
}

std::size_t Results::Term::list_count() const noexcept {
  std::size_t count = lists.size();
  for (const auto& range : ranges) count += range.last - range.first;
  return count;
}

std::span<const EntryId> Results::Term::list(std::size_t index, const Tables& tables) const noexcept {
  if (index < lists.size()) return lists[index];
  index -= lists.size();
  for (const auto& range : ranges) {
    if (index < range.last - range.first) return tables[range.table]->entries_of(range.first + index);
    index -= range.last - range.first;
  }
  return {};
}

void Results::start_matching() {
  auto& e = *extra_;
  stage_ = e.terms.empty() ? Stage::matching : Stage::gathering;
  if (stage_ == Stage::matching) cursor_.start(std::span<const MatchCursor::Union>(e.lists));
}

bool Results::gather(const NameIndex& index, std::size_t& work) {
  auto& e = *extra_;
  while (e.term_at < e.terms.size()) {
    const auto& term = e.terms[e.term_at];
    auto& into = e.term_at == 0 ? e.filter : e.term;
    if (!e.term_begun) {
      into.reset(index.size());
      work -= std::min(work, into.blocks());
      e.term_begun = true;
    }
    for (; e.list_at < term.list_count(); ++e.list_at, e.entry_at = 0) {
      if (work == 0) return false;
      const auto list = term.list(e.list_at, e.tables);
      // Finding a word's list costs cache misses whatever its length.
      if (e.entry_at == 0) work -= std::min(work, list_steps);
      // At least one entry a call, however little work is left: every call
      // gets somewhere.
      const auto n = std::min(std::max<std::size_t>(work, 1), list.size() - e.entry_at);
      for (const auto id : list.subspan(e.entry_at, n)) into.insert(id);
      e.entry_at += n;
      work -= std::min(work, n);
      if (e.entry_at < list.size()) return false;  // the work ran out in this list
    }
    e.list_at = e.entry_at = 0;
    e.term_begun = false;
    ++e.term_at;
    if (&into != &e.filter) {
      e.filter.intersect(e.term);
      work -= std::min(work, e.filter.blocks());
    }
  }
  e.term.release();
  cursor_.start(std::span<const MatchCursor::Union>(e.lists), &e.filter);
  return true;
}

}  // namespace mojifinder
