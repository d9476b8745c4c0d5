// The correcting stage: when a query's words find nothing, each word that
// no table holds is replaced by the nearest word of the tables, if one is
// near enough; Results then searches the words corrected.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "mojifinder/index/name_index.hpp"
#include "mojifinder/query/stages/stage.hpp"
#include "spelling.hpp"

namespace mojifinder::query_detail {

class CorrectionStage {
 public:
  // Begins on the folded words of `text`, with the query's property
  // tokens (`properties`, a space after each) kept as they are, taking
  // corrections from `tables`; done() at once when the text has no word.
  void start(const NameIndex& index, std::string_view text, std::string_view properties, const Tables& tables);

  // Checks the next word and, once all are, is done. Finds no result
  // itself: once done(), corrected() says whether there is something to
  // search.
  std::size_t next(std::span<Result> out, std::size_t& work);
  bool done() const noexcept { return done_; }

  // True when every word is known now, one at least replaced.
  bool corrected() const noexcept { return corrected_; }
  // What to search, in lower case, property tokens first; and the query
  // as asked, its tokens one space apart.
  std::string_view corrected_query() const noexcept { return corrected_query_; }
  std::string_view asked_query() const noexcept { return asked_; }
  // The words of the corrected query, without its property tokens.
  std::string_view corrected_words() const noexcept {
    return std::string_view(corrected_query_).substr(properties_size_);
  }

  std::size_t held_bytes() const noexcept {
    return spelling_.capacity() + corrected_query_.capacity() + asked_.capacity() + (trie_ ? sizeof(TrieWalk) : 0);
  }

 private:
  void fail() noexcept;

  const NameIndex* index_ = nullptr;
  Tables tables_{};
  std::string spelling_;                // the query's folded words, a space after each
  std::size_t spelling_at_ = 0;         // where the word being checked begins
  std::string corrected_query_;         // the words to search, as far as checked
  std::size_t properties_size_ = 0;     // ... of which the property tokens
  std::string asked_;                   // the query as asked
  std::size_t corrected_words_ = 0;     // words replaced so far
  std::size_t correction_nodes_ = 0;    // trie nodes the query's walks may still look at
  bool corrected_ = false;
  bool done_ = true;
  // The walk over the tables for the word being corrected, which may take
  // several calls.
  struct Walk {
    bool active = false;
    bool letter_begun = false;                // trie walks the table slot's letter
    std::uint32_t edits = 0, most_edits = 0;  // edits allowed in this round, and in the last
    std::uint8_t table = 0, letter = 0;       // the table slot and first letter it walks now
    std::size_t nodes = 0;                    // trie nodes it may still look at
  } walk_;
  std::unique_ptr<TrieWalk> trie_;  // made at the first correction
};

static_assert(Stage<CorrectionStage>);

}  // namespace mojifinder::query_detail
