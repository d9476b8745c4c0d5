// `block:NAME` and `category:X` in a query: what they narrow its words to;
// and `:tada:`, a shortcode.
#include <algorithm>
#include <string>

#include "mojifinder/ascii.hpp"
#include "mojifinder/results.hpp"
#include "query_detail.hpp"

namespace mojifinder {

using namespace query_detail;

std::optional<QueryError> Results::take_properties(const NameIndex& index, std::string_view query, MatchCursor::Constraint& constraint,
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

std::optional<QueryError> Results::start_shortcode(const NameIndex& index, std::string_view query) {
  correct_pending_ = false;
  cursor_.constrain(MatchCursor::Constraint{});
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
  const auto entries = index.other_words().find(key);
  if (entries.empty()) {
    return malformed("no emoji has the shortcode " + std::string(query));
  }
  auto& e = extra();
  MatchCursor::Union found;
  found.parts[0] = entries;
  e.lists.push_back(found);
  start_matching();
  return std::nullopt;
}

}  // namespace mojifinder
