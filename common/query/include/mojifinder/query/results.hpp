// The query language, and the results of a query a batch at a time.
//
// - Words find the characters whose names hold them all, as the original
//   did; a word ending in `*` stands for every name word it begins
//   (`smil* cat`).
// - A query with a token that starts with `U+` is one of code points
//   (`U+1F600`, any case) and ranges (`U+2600..U+260F`), and lists them,
//   named or not; a token of it that is neither is an error.
// - A query holding any character beyond ASCII other than white space
//   identifies each of its code points, in order (`€` gives EURO SIGN).
// - `block:NAME` (Blocks.txt) and `category:X` (General_Category, short or
//   long, groups too) narrow what the words find, or alone list the
//   characters of the block or category (`block:arrows double`,
//   `category:Sc`).
// - `:tada:`, a query that starts and ends with a colon, is a shortcode:
//   it finds the emoji that GitHub's, Slack's or CLDR's set names so
//   (`:+1:`, `:white_check_mark:`, any case); an unknown one is an error.
// - A query that is an emoticon finds its emoji, as emojibase lists them
//   (`:)`, `;)`, `<3`, `:'(`, `xD`; a nose is allowed, `:-)`), unless it
//   is a word that names hold.
// - When words find nothing, a word that no table holds is taken for a
//   typo and searched as the nearest word of the index: one edit away for
//   a word of 4 to 7 letters, two from 8 (`pecil` finds PENCIL);
//   corrected_query() then says what was searched.
//
// Whatever the query, its cost is bounded: results come a call at a time,
// each call doing a bounded amount of work, and an answer in progress
// holds a cursor over at most max_words_per_query lists, one bitmap of the
// index for its prefixes (two while one is gathered), or the query's text.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "mojifinder/index/name_index.hpp"
#include "mojifinder/query/query.hpp"
#include "mojifinder/query/result.hpp"
#include "mojifinder/query/stages/match_stage.hpp"
#include "mojifinder/query/stages/plan.hpp"
#include "mojifinder/query/stages/stage.hpp"

namespace mojifinder {

namespace query_detail {
// The stages beyond plain words, and the query's text they read
// (results.cpp): made for the first query that needs them.
struct SpareStages;
struct SpareStagesDeleter {
  void operator()(SpareStages* stages) const noexcept;
};
}  // namespace query_detail

// Where a query's words are looked for: as the original did (names, and
// the other fields only when names find nothing), or in every field at
// once, which relevance order ranks (ranked_results.hpp).
enum class Fields : unsigned char { names_first, every_field };

class Results {
 public:
  // Starts over with the results of `query`, text already stripped and
  // checked (check_query_text()). Returns the error to tell instead (which
  // may quote the query) when the query is malformed. Costs time in
  // proportion to the query's length, not to its answer. AnswerStream is
  // its one caller: front ends start answers, not searches.
  //
  // With a `language`, words find the characters whose names, or whose
  // keywords and short name in that language, hold them (each word in
  // either), folded for case and accents (fold.hpp); a line with characters
  // beyond ASCII is searched so first, and identified only when that finds
  // nothing.
  //
  // With Fields::every_field, words are looked for at once in names,
  // aliases, sequence names and English keywords and short names (and the
  // language's), as with a language, each word in any of them: what
  // relevance order ranks. Code points, characters pasted, shortcodes and
  // emoticons answer alike either way.
  std::optional<QueryError> start(const NameIndex& index, std::string_view query,
                                  const NameIndex::Locale* language = nullptr, Fields fields = Fields::names_first,
                                  LanguageChoice choice = LanguageChoice::chosen);

  // Writes up to `out.size()` next results, doing at most about `work`
  // steps (taken off it): 0 with done() false means the work ran out
  // before a result was found. A long answer, or one that must look at
  // much of the index, so takes many calls, each of bounded cost.
  std::size_t next(std::span<Result> out, std::size_t& work);
  // The same with work_per_call steps.
  std::size_t next(std::span<Result> out) {
    std::size_t work = work_per_call;
    return next(out, work);
  }
  bool done() const noexcept { return plan_.running == query_detail::StageId::none; }
  // True once the results are code points listed, or characters
  // identified, in the order the query gave them (from the start, or when
  // words found nothing), until the next start().
  bool listed() const noexcept { return listed_; }
  // True while the next results are characters the query pasted, in the
  // order given, ahead of what its words find in a language (a language
  // only adds: `×` is U+00D7 first, then what the language calls so). A
  // call of next() gives such results alone, never with others after them.
  bool leading() const noexcept { return plan_.running == query_detail::StageId::leads; }
  // When the query's words found nothing and the results are those of
  // words corrected for typos: what was searched, in lower case, property
  // tokens first (`block:arrows double`); empty otherwise.
  std::string_view corrected_query() const noexcept;
  // The query as asked, its tokens one space apart, beside a correction.
  std::string_view asked_query() const noexcept;

  // True when every result is a character whose name holds each of the
  // searched words whole, as the original's search finds them (no alias
  // merged in, no prefix, no language, no fallback): what relevance may
  // take as read.
  bool names_hold_every_word() const noexcept { return names_hold_every_word_; }
  // Results given by next() since start().
  std::size_t produced() const noexcept { return produced_; }
  // The index, and the language start() was given or, without one, the
  // one the words were found in (found_in_language()).
  const NameIndex* index() const noexcept { return scope_.index; }
  const NameIndex::Locale* language() const noexcept { return scope_.language; }
  // With every field and no language: when no English field nor name
  // held the query's words, the language whose keywords and short names
  // hold every one (`gato` is es), in which they were searched; null
  // otherwise.
  const NameIndex::Locale* found_in_language() const noexcept { return found_in_; }

  // Bytes held for the answer in progress beyond the cursor: the bitmap
  // of a prefix, the text of code points or characters being listed.
  std::size_t held_bytes() const noexcept;

  // Gives back what only queries beyond plain words need, so that an idle
  // session holds no more than a plain cursor. Call between answers.
  void release_spare_capacity() noexcept { spare_.reset(); }

 private:
  query_detail::SpareStages& spare();
  // Calls `call` with the stage running, as the type it is.
  template <class Call>
  std::size_t with_running_stage(Call&& call);
  // What the query's block: and category: tokens narrow its words to.
  MatchCursor::Constraint constraint() const noexcept;
  // The ways a query of words begins (results.cpp).
  std::optional<QueryError> start_code_points(std::string_view query);
  void start_identify(std::string_view text);
  void start_entries(std::span<const EntryId> entries);
  std::optional<QueryError> start_shortcode(std::string_view query);
  // Words looked up in `tables`: gathered, then matched.
  std::optional<QueryError> start_terms(std::vector<std::string_view>& words, const query_detail::Tables& tables);
  // The folded words of `text` (fold.hpp) looked up in `tables`.
  std::optional<QueryError> start_folded_terms(std::string_view text, const query_detail::Tables& tables);
  // The matching stage over what gathering made.
  void start_matching();
  // Words by name, as the original, with the characters of an alias the
  // whole query is; when those find nothing, the fallbacks.
  void start_words(std::string_view query, std::span<const std::string_view> words);
  // The folded words of aliases, emoji sequence names and keywords.
  void fall_back(std::string_view query);
  // The running stage is done: what follows it, by the plan.
  void finish_stage();
  // A stage that finds results ended: when the words found none, the
  // fallbacks still pending begin, in order.
  void end_stage();
  // The languages stage found a language, or the correction words: they
  // are searched.
  void search_found_language();
  void search_corrected();

  query_detail::Scope scope_;
  // Held here: most sessions need no other stage.
  query_detail::MatchStage match_;
  std::unique_ptr<query_detail::SpareStages, query_detail::SpareStagesDeleter> spare_;
  std::size_t produced_ = 0;
  const NameIndex::Locale* found_in_ = nullptr;
  bool found_any_ = false;  // the words found a result (leads are not the words')
  bool names_hold_every_word_ = false;
  bool corrected_ = false;  // the results are the corrected words'
  bool listed_ = false;
  query_detail::Plan plan_;  // beside the flags, where it takes no room of its own
};

}  // namespace mojifinder
