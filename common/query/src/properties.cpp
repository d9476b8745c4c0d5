// `block:NAME` and `category:X` in a query: what they narrow its words to;
// `:tada:`, a shortcode, and `:)`, an emoticon.
#include <algorithm>
#include <string>

#include "properties.hpp"

#include "mojifinder/text/ascii.hpp"
#include "mojifinder/text/words.hpp"
#include "query_detail.hpp"

namespace mojifinder::query_detail {

MaybeError take_properties(const NameIndex& index, std::string_view query, MatchCursor::Constraint& constraint,
                                     std::string& words_only, std::string& properties) {
  words_only.clear();
  properties.clear();
  for (auto rest = query;;) {
    const auto token = next_token(rest);
    if (token.empty()) break;
    if (const auto block = property_value(token, "block:")) {
      const auto entries = index.block_entries(*block);
      if (!entries) {
        return malformed_query("no block " + std::string(*block) +
                         ": a block's name as Blocks.txt gives it, any case, spaces as _ (block:arrows, "
                         "block:misc_technical)");
      }
      (properties += token) += ' ';
      constraint.first = std::max(constraint.first, entries->first);
      constraint.last = std::max(constraint.first, std::min(constraint.last, entries->second));
    } else if (const auto category = property_value(token, "category:")) {
      const auto mask = index.category_mask(*category);
      if (!mask) {
        return malformed_query("no category " + std::string(*category) +
                         ": a General_Category, short or long (category:Sc, category:currency_symbol, category:L)");
      }
      // Two categories: what is in both. None is 0, which means any: an
      // impossible pair keeps an empty range instead.
      (properties += token) += ' ';
      const auto both = constraint.categories == 0 ? *mask : constraint.categories & *mask;
      if (both == 0) constraint.last = constraint.first;
      constraint.categories = both == 0 ? *mask : both;
    } else {
      (words_only += token) += ' ';
    }
  }
  return std::nullopt;
}

MaybeError shortcode_entries(const NameIndex& index, std::string_view query, std::span<const EntryId>& entries) {
  const auto malformed = [&](std::string_view why) {
    return malformed_query(std::string(why) + ": GitHub's, Slack's and CLDR's, one between colons (:tada:, :+1:, "
                           ":white_check_mark:)");
  };
  if (query.find_first_of(" \t") != std::string_view::npos) return malformed("one shortcode a query");
  // Other names hold each shortcode between its colons, as sets write
  // them: in lower case.
  thread_local std::string key;
  key.clear();
  for (const char c : query) key += ascii::to_lower(c);
  entries = index.other_words().find(key);
  if (entries.empty()) {
    return malformed("no emoji has the shortcode " + std::string(query));
  }
  return std::nullopt;
}

std::span<const EntryId> emoticon_entries(const NameIndex& index, std::string_view query) {
  if (query.empty() || query.size() > max_emoticon_bytes + 1) return {};
  if (!std::all_of(query.begin(), query.end(), [](char c) { return c > ' ' && c < 0x7F; })) return {};
  // A word of names (`xo`) is searched as the original did.
  if (std::all_of(query.begin(), query.end(), [](char c) { return ascii::is_letter(c) || ascii::is_digit(c); })) {
    thread_local std::string upper;
    upper.clear();
    for (const char c : query) upper += ascii::to_upper(c);
    if (!index.name_words().find(upper).empty()) return {};
  }
  if (const auto found = index.entries_with_emoticon(query); !found.empty()) return found;
  // A nose (`:-)`, `;-)`, `>:-(`): emojibase writes its emoticons without.
  const auto nose = query.find('-', 1);
  if (nose == std::string_view::npos || nose + 1 == query.size() || query.find('-', nose + 1) != std::string_view::npos) {
    return {};
  }
  thread_local std::string without_nose;
  without_nose.assign(query.substr(0, nose)).append(query.substr(nose + 1));
  return index.entries_with_emoticon(without_nose);
}

}  // namespace mojifinder::query_detail
