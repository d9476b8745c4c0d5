// What the files of the query language share. Internal to the query
// layer.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mojifinder/query/query.hpp"
#include "mojifinder/query/result.hpp"
#include "mojifinder/text/ascii.hpp"
#include "mojifinder/text/fold.hpp"

namespace mojifinder::query_detail {

// What start() and its helpers give back: an error, or nothing.
using MaybeError = std::optional<QueryError>;

// Whether `table` has a query word as the search looks it up
// (GatherStage::add_word): a prefix (`smil*`), or a word of a script written
// without spaces (its table holds every suffix of such words), begins
// some word of it; any other word is one of its words.
inline bool table_has_word(const NameIndex::WordTable& table, std::string_view word) {
  const bool prefix = word.ends_with('*') || is_written_without_spaces(word);
  if (word.ends_with('*')) word.remove_suffix(1);
  if (!prefix) return !table.find(word).empty();
  const auto [first, last] = table.starting_with(word);
  return first < last;
}

// The folded words of `text`, a space after each, into `spelling`: what
// the languages and correction stages walk.
inline void fold_into_spelling(std::string_view text, std::string& spelling) {
  thread_local FoldedWords folded;
  folded.split(text);
  spelling.clear();
  for (const auto word : folded.words()) (spelling += word) += ' ';
}

inline QueryError malformed_query(std::string detail) { return {QueryError::Code::malformed, std::move(detail)}; }

inline QueryError too_many_words() {
  return {QueryError::Code::too_many_words,
          "too many words (at most " + std::to_string(max_words_per_query) + " different ones in one query)"};
}

// Sorts `words` and drops repeats: a word twice asks nothing more.
inline void keep_distinct(std::vector<std::string_view>& words) {
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
}

// `U+` or `u+` first: a code point, or a try at one.
inline bool is_code_point_like(std::string_view token) noexcept {
  return token.size() >= 2 && (token[0] == 'U' || token[0] == 'u') && token[1] == '+';
}

// What follows `key` (`block:`, `category:`, lower case) when `token`
// begins with it in any case: the value of a property token.
inline std::optional<std::string_view> property_value(std::string_view token, std::string_view key) noexcept {
  if (token.size() < key.size()) return std::nullopt;
  for (std::size_t i = 0; i < key.size(); ++i) {
    if (ascii::to_lower(token[i]) != key[i]) return std::nullopt;
  }
  return token.substr(key.size());
}

// `block:NAME` or `category:X`: a token that narrows, not a word.
inline bool is_property_token(std::string_view token) noexcept {
  return property_value(token, "block:") || property_value(token, "category:");
}

}  // namespace mojifinder::query_detail
