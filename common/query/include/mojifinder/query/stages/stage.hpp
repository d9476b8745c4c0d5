// A stage of a query: one way of finding results (names, terms joined
// from several tables, code points listed...) or of deciding what to
// search next (the languages, corrections), with its own state, behind one
// next(out, work). Results runs one stage at a time and, when one ends
// having found nothing, begins the next its plan holds (plan.hpp).
//
// The stages results.hpp holds by value live here; the others are
// internal to the query layer (src/stages/).
#pragma once

#include <array>
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
  Tables search_tables() const noexcept;
  // The tables the fallbacks look in, which corrections are taken from.
  Tables fall_back_tables() const noexcept;
};

class Stage {
 public:
  virtual ~Stage() = default;
  // Writes up to `out.size()` next results, doing at most about `work`
  // steps (taken off it), as Results::next does; a stage that decides
  // rather than finds writes none.
  virtual std::size_t next(std::span<Result> out, std::size_t& work) = 0;
  // True once the stage has nothing more to do.
  virtual bool done() const noexcept = 0;

 protected:
  Stage() = default;
  Stage(const Stage&) = default;
  Stage& operator=(const Stage&) = default;
  Stage(Stage&&) noexcept = default;
  Stage& operator=(Stage&&) noexcept = default;
};

}  // namespace mojifinder::query_detail
