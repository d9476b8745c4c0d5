// How well an entry matches a query of words, for answers in relevance
// order (ranked_results.hpp). Internal to mojifinder::common.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mojifinder/fold.hpp"
#include "mojifinder/name_index.hpp"

namespace mojifinder::query_detail {

// The query's words, folded once as every field is, and where to look.
class RelevanceJudge {
 public:
  void start(const NameIndex& index, const NameIndex::Locale* language, std::string_view query);

  // Higher is better; equal scores are left in code point order. From the
  // strongest evidence down: the whole query is the entry's short name in
  // the language, its name (or its sequence's name), or its English short
  // name; then the fewest words of the best such field left unmatched;
  // words matched whole rather than by prefix; an entry CLDR names in
  // English (emoji and common symbols) before one it does not.
  std::uint32_t score(EntryId id);

  // Bytes held beyond the object.
  std::size_t held_bytes() const noexcept {
    return text_.capacity() + words_.capacity() * sizeof(Word) + in_order_.capacity() * sizeof(in_order_[0]);
  }

 private:
  struct FieldMatch {
    bool holds_all = false;  // every query word is in the field
    bool whole = false;      // ... and none of them only as a prefix
    bool exact = false;      // the field is the query's words, in its order
    std::uint32_t left_over = 0;
  };
  // How a field's words match: a name's split in place (names are
  // upper-case ASCII, words between spaces and hyphens, as the search
  // splits them), a short name's folded as queries are.
  template <typename EachWord>
  FieldMatch match_words(EachWord each_word);
  FieldMatch match_name(std::string_view name);
  FieldMatch match_folded(std::string_view text);

  const NameIndex* index_ = nullptr;
  const NameIndex::Locale* language_ = nullptr;
  const NameIndex::Locale* english_ = nullptr;
  std::string text_;                     // the query's folded words, one after another
  // A query word, distinct, as it matches: whole, or as a prefix (`smil*`),
  // or anywhere in a word of a script written without spaces.
  struct Word {
    std::string_view stem;  // into text_, without the `*`
    bool prefix = false;
    bool part = false;
  };
  std::vector<Word> words_;
  std::vector<std::string_view> in_order_;  // into text_, as the query gives them
  FoldedWords field_words_;
  std::vector<std::size_t> ends_;
};

}  // namespace mojifinder::query_detail
