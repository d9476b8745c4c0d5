// The word of the index a misspelt word of a query most likely meant:
// words within a small edit distance, found by walking a word table as a
// trie. Internal to mojifinder::common.
//
// A word table's words are sorted in byte order when the image is built,
// so the words that share a prefix are one range of it, and that range's
// children, by the next byte, are found by binary search within it: the
// table is a trie without another byte in the image. The walk keeps the
// edit distance of the word to each prefix (a row of the dynamic
// programme) and leaves a branch as soon as no word below it can be near
// enough, so that it looks at a small part of the table, never at all of
// it, and at most a fixed number of nodes whatever it is asked.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "mojifinder/index/name_index.hpp"

namespace mojifinder::query_detail {

// Words longer than this are not corrected: no name word is as long, and
// it bounds the walk's rows.
inline constexpr std::size_t max_corrected_length = 32;

// Edits a correction of `word` may be from it: one for a word of 4 to 7
// letters, two from 8, none for a shorter word (three letters have too
// many neighbours to guess between) or a longer one, or one that is not
// all ASCII letters (the folded words of Latin scripts are; digits and
// other scripts are not guessed at).
std::uint32_t edits_allowed(std::string_view word) noexcept;

// A word of a table near a query's word.
struct Correction {
  std::string_view word;     // into the image, as the table writes it (folded)
  std::uint32_t edits = 0;   // insertions, deletions, substitutions, swaps of neighbours
  std::size_t entries = 0;   // entries the word finds in its table
  bool keyword = false;      // a word of CLDR's keywords, not only of names
  bool likely = false;       // the edit is a slip people often make
  // The better of two: fewer edits; then the likelier slip: a letter
  // left out, two swapped, a neighbouring key struck, a letter doubled,
  // before another letter struck or added (`casle` is CASTLE before
  // CABLE); then a keyword, which people use, before a word only names
  // hold (syllables, letters of rare scripts: `chta` is CHAT before CHA);
  // then the word more entries hold, the commoner; then byte order.
  bool better_than(const Correction& other) const noexcept;
};

// The walk for one word's corrections among the words of a table that
// begin with one letter: a walk is so split by first letter, 26 a table,
// and it may stop whenever its nodes for the moment run out and go on
// where it stopped, so that its caller keeps to the work of one call.
// Distances are optimal string alignment's: a swap of neighbours counts
// one edit. It keeps the best correction of every walk since forget().
class TrieWalk {
 public:
  // Starts over with the words of `table` that begin with `first` (a
  // letter), for those within `max_edits` of `word`, which must outlive the
  // walk. `keywords` says the table is of CLDR's keywords.
  void begin(const NameIndex::WordTable& table, bool keywords, std::string_view word, std::uint32_t max_edits,
             char first);
  // Walks on, each trie node looked at costing one of `nodes`; true once
  // the walk is done, false when the nodes ran out first.
  bool resume(std::size_t& nodes);

  const std::optional<Correction>& best() const noexcept { return best_; }
  void forget() noexcept { best_.reset(); }

 private:
  // Words [next, last) of a node at `depth` are those of its children not
  // walked yet; rows_[depth] are its prefix's distances.
  struct Frame {
    std::size_t next, last, depth;
  };
  // Enters the node of words [first, last) whose prefix of `depth` bytes
  // has its distances in rows_[depth]: offers its word, and keeps its
  // children to walk.
  void enter(std::size_t first, std::size_t last, std::size_t depth);
  // Fills rows_[depth + 1] for the prefix with prefix_[depth] added; false
  // when no word that begins so can be near enough.
  bool extend(std::size_t depth);
  void offer(std::size_t index, std::uint32_t edits);

  // Distances are small: a row's cells stay far below 255 for words of
  // max_corrected_length bytes and prefixes a few bytes longer.
  using Row = std::array<std::uint8_t, max_corrected_length + 1>;
  const NameIndex::WordTable* table_ = nullptr;
  bool keywords_ = false;
  std::string_view word_;
  std::uint32_t max_edits_ = 0;
  std::array<Row, max_corrected_length + 3> rows_{};
  std::array<char, max_corrected_length + 3> prefix_{};
  std::array<Frame, max_corrected_length + 3> stack_{};
  std::size_t height_ = 0;
  std::optional<Correction> best_;
};

}  // namespace mojifinder::query_detail
