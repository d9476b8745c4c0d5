#include "stages/correction_stage.hpp"

#include <algorithm>

#include "mojifinder/text/ascii.hpp"
#include "mojifinder/text/words.hpp"
#include "query_detail.hpp"

namespace mojifinder::query_detail {

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

void CorrectionStage::start(const NameIndex& index, std::string_view text, std::string_view properties,
                            const Tables& tables) {
  index_ = &index;
  tables_ = tables;
  fold_into_spelling(text, spelling_);
  spelling_at_ = 0;
  asked_.clear();
  for (const auto part : {properties, text}) {
    for (auto rest = part;;) {
      const auto token = next_token(rest);
      if (token.empty()) break;
      if (!asked_.empty()) asked_ += ' ';
      asked_ += token;
    }
  }
  corrected_query_.assign(properties);
  properties_size_ = properties.size();
  corrected_words_ = 0;
  correction_nodes_ = nodes_per_query;
  walk_.active = false;
  corrected_ = false;
  done_ = spelling_.empty();
}

void CorrectionStage::fail() noexcept {
  walk_.active = false;
  done_ = true;
}

std::size_t CorrectionStage::next(std::span<Result>, std::size_t& work) {
  const auto end = spelling_.find(' ', spelling_at_);
  const auto word = std::string_view(spelling_).substr(spelling_at_, end - spelling_at_);
  const auto take = [&](std::string_view searched) {
    for (const char c : searched) corrected_query_ += ascii::to_lower(c);
    corrected_query_ += ' ';
    spelling_at_ = end + 1;
  };
  auto& walk = walk_;
  if (!walk.active) {
    const bool known = std::any_of(tables_.begin(), tables_.end(),
                                   [&](const auto* table) { return table != nullptr && table_has_word(*table, word); });
    work -= std::min(work, node_steps);
    if (known) {
      take(word);
    } else {
      // A prefix (`smil*`) or a word of digits is not guessed at.
      const auto edits = edits_allowed(word);
      if (edits == 0 || ++corrected_words_ > max_corrected_words || correction_nodes_ == 0) {
        fail();
        return 0;
      }
      walk = {};
      walk.active = true;
      if (trie_) trie_->forget();
      walk.edits = 1;
      walk.most_edits = edits;
      walk.nodes = std::min(nodes_per_word, correction_nodes_);
    }
  } else {
    // One table's words of one first letter at a time, and one edit
    // everywhere first, since most typos are one and the walk for two looks
    // at several times as many nodes. A walk goes on at the next call when
    // this call's work is spent.
    if (!trie_) trie_ = std::make_unique<TrieWalk>();
    auto& trie = *trie_;
    bool letter_done = true;
    if (const auto* table = tables_[walk.table]) {
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
      correction_nodes_ -= std::min(correction_nodes_, allowed - nodes);
      work -= std::min(work, (allowed - nodes) * node_steps);
      if (!letter_done && walk.nodes > 0) return 0;
    }
    walk.letter_begun = false;
    if (++walk.letter == letters) {
      walk.letter = 0;
      ++walk.table;
    }
    const auto& best = trie.best();
    const bool round_done = walk.table == tables_.size();
    if (walk.nodes == 0 || (round_done && (best || walk.edits == walk.most_edits))) {
      walk.active = false;
      if (!best) {
        fail();
        return 0;
      }
      take(best->word);
    } else if (round_done) {
      walk.table = 0;
      ++walk.edits;
    }
  }
  if (walk.active || spelling_at_ < spelling_.size()) return 0;
  if (corrected_words_ == 0) {
    fail();
    return 0;
  }
  // Every word is known now: Results searches them as the corrected query.
  corrected_query_.pop_back();
  corrected_ = true;
  done_ = true;
  return 0;
}

}  // namespace mojifinder::query_detail
