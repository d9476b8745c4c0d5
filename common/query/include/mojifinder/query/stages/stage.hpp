// A stage of a query: one way of finding results (matching the index's
// lists, code points listed...) or of preparing or deciding what to
// search (gathering a prefix's lists, the languages, corrections), with
// its own state, behind one next(out, work). Results runs one stage at a
// time and, when one ends, follows the plan (plan.hpp): the next stage,
// or, when the words found nothing, the next fallback.
//
// The stage results.hpp holds by value (match_stage.hpp) lives here; the
// others are internal to the query layer (src/stages/).
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <span>

#include "mojifinder/index/match_cursor.hpp"
#include "mojifinder/index/name_index.hpp"
#include "mojifinder/query/result.hpp"

namespace mojifinder::query_detail {

// The word tables a word of the query is looked up in, and in how many.
using Tables = std::array<const NameIndex::WordTable*, max_word_tables>;

// Where one query looks: what every stage of it reads, set by start().
struct Scope {
  const NameIndex* index = nullptr;
  // The language given, or the one the languages stage found the words in.
  const NameIndex::Locale* language = nullptr;
  const NameIndex::Locale* english = nullptr;  // the index's, for the tables of every field
  bool every_field = false;                    // Fields::every_field

  // The tables words are looked up in first: names, or with a language
  // or every field, names and every table those add.
  Tables search_tables() const noexcept {
    if (language == nullptr && !every_field) return {&index->name_words(), nullptr, nullptr, nullptr};
    // A language only adds: aliases, sequence names and English keywords
    // count too, which names-only queries fall back on.
    const auto* english_words = english && english != language ? &english->words() : nullptr;
    if (language == nullptr) return {&index->name_words(), &index->other_words(), english_words, nullptr};
    return {&index->name_words(), &language->words(), &index->other_words(), english_words};
  }
  // The tables the fallbacks look in, which corrections are taken from.
  Tables fall_back_tables() const noexcept {
    const auto* keywords = language != nullptr ? language : english;
    return {&index->name_words(), &index->other_words(), keywords ? &keywords->words() : nullptr, nullptr};
  }
};

// What every stage is: next() writes up to `out.size()` next results,
// doing at most about `work` steps (taken off it), as Results::next does
// (a stage that decides rather than finds writes none); done() is true
// once it has nothing more to do. A concept, not a base class: Results
// knows which stage runs, and calls it directly.
template <class S>
concept Stage = requires(S& stage, const S& seen, std::span<Result> out, std::size_t& work) {
  { stage.next(out, work) } -> std::same_as<std::size_t>;
  { seen.done() } -> std::same_as<bool>;
};

}  // namespace mojifinder::query_detail
