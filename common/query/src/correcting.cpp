// The correcting stage: when a query's words find nothing, each word that
// no table holds is replaced by the nearest word of the tables, if one is
// near enough, and the words are searched again.
#include <algorithm>

#include "mojifinder/query/results.hpp"
#include "mojifinder/text/ascii.hpp"
#include "mojifinder/text/fold.hpp"
#include "mojifinder/text/words.hpp"
#include "query_detail.hpp"
#include "spelling.hpp"

namespace mojifinder {

using namespace query_detail;

namespace {

// Steps a trie node of the walk costs, against the work of one call
// (Results::next): a few probes among a node's words and a row of the
// distances.
constexpr std::size_t node_steps = 64;

// Trie nodes one word's correction looks at, at most, over every table
// and both rounds: several calls' work (two edits of a long word take
// about 15,000), and a bound on what a word that is near nothing costs.
constexpr std::size_t nodes_per_word = 24 * 1024;

// Trie nodes one query's corrections look at, at most, over all its
// words: a line of several long words each two edits from a word of the
// index would otherwise cost several words' walks (a word near one walks
// far before it is found), while a person's slips, one edit in a word or
// two, take a few thousand.
constexpr std::size_t nodes_per_query = 32 * 1024;

// Words of one query corrected at most: a line with more unknown words
// than this is not a slip of the fingers.
constexpr std::size_t max_corrected_words = 4;

constexpr std::uint8_t letters = 26;

}  // namespace

void Results::TrieWalkDeleter::operator()(TrieWalk* walk) const noexcept { delete walk; }

void Results::begin_correcting() {
  fold_text_into_spelling();
  auto& e = *extra_;
  e.spelling_at = 0;
  e.asked.clear();
  for (const auto text : {std::string_view(e.properties), std::string_view(e.text)}) {
    for (auto rest = text;;) {
      const auto token = next_token(rest);
      if (token.empty()) break;
      if (!e.asked.empty()) e.asked += ' ';
      e.asked += token;
    }
  }
  e.corrected = e.properties;
  e.corrected_words = 0;
  e.correction_nodes = nodes_per_query;
  e.walk.active = false;
  stage_ = e.spelling.empty() ? Stage::done : Stage::correcting;
}

void Results::correct_next(std::size_t& work) {
  auto& e = *extra_;
  // Corrections come from every table the query and its fallbacks look in.
  const auto tables = language_ != nullptr ? search_tables(*index_) : fall_back_tables(*index_);
  const auto fail = [&] {
    e.walk.active = false;
    stage_ = Stage::done;
    end_stage(0);
  };
  const auto end = e.spelling.find(' ', e.spelling_at);
  const auto word = std::string_view(e.spelling).substr(e.spelling_at, end - e.spelling_at);
  const auto take = [&](std::string_view searched) {
    for (const char c : searched) e.corrected += ascii::to_lower(c);
    e.corrected += ' ';
    e.spelling_at = end + 1;
  };
  auto& walk = e.walk;
  if (!walk.active) {
    const bool known = std::any_of(tables.begin(), tables.end(),
                                   [&](const auto* table) { return table != nullptr && query_detail::table_has_word(*table, word); });
    work -= std::min(work, node_steps);
    if (known) {
      take(word);
    } else {
      // A prefix (`smil*`) or a word of digits is not guessed at.
      const auto edits = edits_allowed(word);
      if (edits == 0 || ++e.corrected_words > max_corrected_words || e.correction_nodes == 0) return fail();
      walk = {};
      walk.active = true;
      if (e.trie) e.trie->forget();
      walk.edits = 1;
      walk.most_edits = edits;
      walk.nodes = std::min(nodes_per_word, e.correction_nodes);
    }
  } else {
    // One table's words of one first letter at a time, and one edit
    // everywhere first, since most typos are one and the walk for two looks
    // at several times as many nodes. A walk goes on at the next call when
    // this call's work is spent.
    if (!e.trie) e.trie.reset(new TrieWalk);
    auto& trie = *e.trie;
    bool letter_done = true;
    if (const auto* table = tables[walk.table]) {
      if (!walk.letter_begun) {
        // Names' words and other names' are not keywords; every other table is.
        const bool keywords = table != &index_->name_words() && table != &index_->other_words();
        trie.begin(*table, keywords, word, walk.edits, static_cast<char>('A' + walk.letter));
        walk.letter_begun = true;
        work -= std::min(work, node_steps);
      }
      std::size_t nodes = std::min(walk.nodes, std::max<std::size_t>(1, work / node_steps));
      const auto allowed = nodes;
      letter_done = trie.resume(nodes);
      walk.nodes -= allowed - nodes;
      e.correction_nodes -= std::min(e.correction_nodes, allowed - nodes);
      work -= std::min(work, (allowed - nodes) * node_steps);
      if (!letter_done && walk.nodes > 0) return;
    }
    walk.letter_begun = false;
    if (++walk.letter == letters) {
      walk.letter = 0;
      ++walk.table;
    }
    const auto& best = trie.best();
    const bool round_done = walk.table == tables.size();
    if (walk.nodes == 0 || (round_done && (best || walk.edits == walk.most_edits))) {
      walk.active = false;
      if (!best) return fail();
      take(best->word);
    } else if (round_done) {
      walk.table = 0;
      ++walk.edits;
    }
  }
  if (walk.active || e.spelling_at < e.spelling.size()) return;
  if (e.corrected_words == 0) return fail();
  // Every word is known now: they answer as the corrected query would,
  // names (and the language) first, then the fallbacks.
  e.corrected.pop_back();
  corrected_ = true;
  fall_back_pending_ = true;
  if (language_ == nullptr && !every_field_) {
    // As start() searches plain words: names, with the characters of an
    // alias the words are (CANCEL).
    thread_local WordList split;
    split.split(corrected_words());
    thread_local std::string whole_alias;
    whole_alias.clear();
    for (const auto searched : split.words()) (whole_alias += ' ') += searched;
    if (e.properties.empty()) aliased_ = index_->entries_with_whole_alias(whole_alias);
    start_words(*index_, corrected_words(), split.words());
    return;
  }
  thread_local FoldedWords folded;
  folded.split(corrected_words());
  thread_local std::vector<std::string_view> words;
  words.assign(folded.words().begin(), folded.words().end());
  if (start_terms(words, search_tables(*index_))) return fail();
  if (stage_ == Stage::done) end_stage(0);
}

std::string_view Results::corrected_words() const noexcept {
  return std::string_view(extra_->corrected).substr(extra_->properties.size());
}

}  // namespace mojifinder
