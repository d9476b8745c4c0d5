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

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "mojifinder/name_index.hpp"

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

// Looks among the words of `table` that begin with `first` (a letter)
// for those within `max_edits` edits of `word` (optimal string
// alignment: a swap of neighbours counts one edit), and keeps in `best`
// the best of them and of what it held. A walk is so split by first
// letter, 26 a table, so that a caller may stop between them when its
// work for the moment is spent. Each trie node looked at costs one of
// `nodes`; the walk stops when they run out. `keywords` says the table is
// of CLDR's keywords.
void find_correction(const NameIndex::WordTable& table, bool keywords, std::string_view word, std::uint32_t max_edits,
                     char first, std::optional<Correction>& best, std::size_t& nodes);

}  // namespace mojifinder::query_detail
