// What a query may be beyond words: `block:NAME` and `category:X` tokens,
// which narrow its words; `:tada:`, a shortcode; `:)`, an emoticon.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "mojifinder/index/match_cursor.hpp"
#include "mojifinder/index/name_index.hpp"
#include "query_detail.hpp"

namespace mojifinder::query_detail {

// Takes `block:NAME` and `category:X` out of `query` into `constraint`
// (and their tokens into `properties`, a space after each), the rest
// into `words_only`; the error for an unknown block or category.
MaybeError take_properties(const NameIndex& index, std::string_view query, MatchCursor::Constraint& constraint,
                           std::string& words_only, std::string& properties);

// The emoji of a shortcode, into `entries`; the error for an unknown or
// malformed one.
MaybeError shortcode_entries(const NameIndex& index, std::string_view query, std::span<const EntryId>& entries);

// The emoji of a query that is an emoticon, with or without a nose
// (`:)`, `:-)`); none for any other, or for a word that names hold.
std::span<const EntryId> emoticon_entries(const NameIndex& index, std::string_view query);

}  // namespace mojifinder::query_detail
