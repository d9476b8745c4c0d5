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

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mojifinder/index/entry_bitmap.hpp"
#include "mojifinder/index/match_cursor.hpp"
#include "mojifinder/index/name_index.hpp"
#include "mojifinder/query/query.hpp"
#include "mojifinder/text/words.hpp"

namespace mojifinder {

namespace query_detail {
class TrieWalk;
}

// A result: an entry of the index or, with unnamed_result set, a code
// point the index has no entry for (shown with unnamed_label()).
using Result = std::uint32_t;
inline constexpr Result unnamed_result = 0x8000'0000u;

// Code points one query may look up, ranges counted whole.
inline constexpr std::size_t max_code_points_per_query = 4096;

// Distinct words one query may hold. No name has more than a dozen; the
// bound keeps what an answer in progress holds small whatever a client
// sends (a line of 2,000 words). Repeated words count once.
inline constexpr std::size_t max_words_per_query = 64;

// Work one call of next() may do at most, in steps: an entry looked at or
// gathered into a bitmap, a list probed, 64 entries of a bitmap scanned:
// tens of microseconds (docs/performance/limits.md), and the costliest
// query (a prefix of every word) takes a few dozen such calls.
inline constexpr std::size_t work_per_call = 32 * 1024;

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
  bool done() const noexcept { return stage_ == Stage::done; }
  // True once the results are code points listed, or characters
  // identified, in the order the query gave them (from the start, or when
  // words found nothing), until the next start().
  bool listed() const noexcept { return listed_; }
  // True while the next results are characters the query pasted, in the
  // order given, ahead of what its words find in a language (a language
  // only adds: `×` is U+00D7 first, then what the language calls so). A
  // call of next() gives such results alone, never with others after them.
  bool leading() const noexcept { return stage_ == Stage::leading; }
  // When the query's words found nothing and the results are those of
  // words corrected for typos: what was searched, in lower case, property
  // tokens first (`block:arrows double`); empty otherwise.
  std::string_view corrected_query() const noexcept {
    return corrected_ && extra_ ? std::string_view(extra_->corrected) : std::string_view{};
  }
  // The query as asked, its tokens one space apart, beside a correction.
  std::string_view asked_query() const noexcept {
    return corrected_ && extra_ ? std::string_view(extra_->asked) : std::string_view{};
  }

  // True when every result is a character whose name holds each of the
  // searched words whole, as the original's search finds them (no alias
  // merged in, no prefix, no language, no fallback): what relevance may
  // take as read.
  bool names_hold_every_word() const noexcept { return names_hold_every_word_; }
  // Results given by next() since start().
  std::size_t produced() const noexcept { return produced_; }
  // The index, and the language start() was given or, without one, the
  // one the words were found in (found_in_language()).
  const NameIndex* index() const noexcept { return index_; }
  const NameIndex::Locale* language() const noexcept { return language_; }
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
  void release_spare_capacity() noexcept { extra_.reset(); }

 private:
  enum class Stage : unsigned char {
    leading,    // with a language, the characters pasted, before what the words find
    names,      // plain words: names, with the characters of an alias the query is
    gathering,  // terms of many lists being gathered into the filter
    matching,   // the cursor over single lists and the filter
    languages,  // every field, no language: words that find nothing, looked for in every language
    correcting, // words that find nothing, looked for among near words, one a step
    listing,    // code points, or characters to identify, from the query's text
    done,
  };
  // The word tables a word of the query is looked up in, and in how many.
  using Tables = std::array<const NameIndex::WordTable*, max_word_tables>;
  // A term of the query that joins many lists: a prefix, the lists of the
  // words it begins in each table, beside whole lists.
  struct Term {
    // Words [first, last) of the table in slot `table` of the query's
    // Tables (Extra::tables): small, since a query holds a term a word.
    struct Words {
      std::uint32_t first = 0, last = 0;  // word indexes: an image's counts are 32-bit
      std::uint8_t table = 0;
    };
    std::array<std::span<const EntryId>, max_word_tables> lists{};
    std::array<Words, max_word_tables> ranges{};
    std::size_t list_count() const noexcept;
    std::span<const EntryId> list(std::size_t index, const Tables& tables) const noexcept;
  };
  // The walk of a correction is internal (spelling.hpp), held only while
  // correcting.
  struct TrieWalkDeleter {
    void operator()(query_detail::TrieWalk* walk) const noexcept;
  };
  // Only for prefixes, aliases, code points and identification: most
  // sessions never allocate it, and each gives it back after the answer.
  struct Extra {
    std::vector<MatchCursor::Union> lists;        // lists, or unions of them, for the cursor
    std::vector<Term> terms;                      // gathered into filter, in turn
    Tables tables{};                              // what the terms' words are words of
    EntryBitmap filter;                           // every term's entries, intersected
    EntryBitmap term;                             // the term being gathered, after the first
    std::size_t term_at = 0, list_at = 0, entry_at = 0;  // what gathering reaches next
    bool term_begun = false;                             // its bitmap is cleared and sized
    std::string text;                             // listing, or for the fallbacks: the query
    std::size_t text_at = 0;                      // listing: where the next token or character begins
    char32_t range_next = 1, range_last = 0;      // code points: what is left of the range listed
    bool code_points = false;                     // listing code points, not identifying characters
    std::string properties;                       // the query's block: and category: tokens
    std::string spelling;                         // correcting: the query's folded words, a space after each
    std::size_t spelling_at = 0;                  // correcting: where the word being checked begins
    std::vector<Result> leads;                    // leading: the characters pasted, as given
    std::vector<Result> lead_set;                 // ... sorted, which the words' results skip
    std::size_t lead_at = 0;                      // leading: the next to give
    Stage after_leads = Stage::done;              // what the words begin with, once the leads are given
    std::size_t locale_at = 0;                    // languages: the next to look in
    const NameIndex::Locale* first_holding = nullptr;  // languages: the first that holds every word
    std::string corrected;                        // correcting: the words to search, as far as checked
    std::string asked;                            // correcting: the query as asked
    std::size_t corrected_words = 0;              // correcting: words replaced so far
    std::size_t correction_nodes = 0;             // correcting: trie nodes the query's walks may still look at
    // Correcting: the walk over the tables for the word being corrected,
    // which may take several calls (correcting.cpp).
    struct Walk {
      bool active = false;
      bool letter_begun = false;                // trie walks the table slot's letter
      std::uint32_t edits = 0, most_edits = 0;  // edits allowed in this round, and in the last
      std::uint8_t table = 0, letter = 0;       // the table slot and first letter it walks now
      std::size_t nodes = 0;                    // trie nodes it may still look at
    } walk;
    std::unique_ptr<query_detail::TrieWalk, TrieWalkDeleter> trie;  // made at the first correction
  };
  Extra& extra();
  std::optional<QueryError> start_code_points(std::string_view query);
  // Takes `block:NAME` and `category:X` out of `query` into `constraint`
  // (and their tokens into `properties`, a space after each), the rest
  // into `words_only`; the error for an unknown block or category.
  static std::optional<QueryError> take_properties(const NameIndex& index, std::string_view query,
                                     MatchCursor::Constraint& constraint, std::string& words_only,
                                     std::string& properties);
  void start_identify(std::string_view query);
  // With a language, a line that would be identified at once without one
  // (a character, a run of symbols) is given first, as characters, and the
  // words then looked up skip them (listing.cpp).
  void lead_with_characters(const NameIndex& index, std::string_view query);
  std::size_t next_lead(std::span<Result> out, std::size_t& work);
  // Takes the leads out of the `given` results just written: none twice.
  std::size_t skip_leads(std::span<Result> given) const;
  // The emoji of a shortcode; the error for an unknown one (properties.cpp).
  std::optional<QueryError> start_shortcode(const NameIndex& index, std::string_view query);
  // The emoji of a query that is an emoticon, with or without a nose
  // (`:)`, `:-)`); none for any other, or for a word that names hold.
  static std::span<const EntryId> emoticon_entries(const NameIndex& index, std::string_view query);
  // Results that are these entries, in code point order.
  void start_entries(std::span<const EntryId> entries);
  // Words looked up in `tables`, prefixes among them: a union of lists
  // for each word, a term for each prefix. The error for a malformed
  // prefix or too many words.
  std::optional<QueryError> start_terms(std::vector<std::string_view>& words, const Tables& tables);
  // Adds the union or the term of one word; false when it has no entry.
  bool add_word(std::string_view word, const Tables& tables);
  // Words: by name, as the original; with the characters of an alias the
  // whole query is; and when those find nothing, by the folded words of
  // aliases, emoji sequence names and English keywords (fall_back()).
  void start_words(const NameIndex& index, std::string_view query, std::span<const std::string_view> words);
  void fall_back(const NameIndex& index, std::string_view query);
  // The tables the fallbacks look in, which corrections are taken from.
  Tables fall_back_tables(const NameIndex& index) const;
  // The tables words are looked up in first: names, or with a language
  // or every field, names and every table those add.
  Tables search_tables(const NameIndex& index) const;
  // The words of the corrected query, without its property tokens.
  std::string_view corrected_words() const noexcept;
  // When every field found nothing and no language was given: the
  // languages stage, which looks for a language whose words hold the
  // query's, and searches them in it (languages.cpp).
  void begin_languages();
  // The query's text folded into its words, a space after each (Extra::spelling).
  void fold_text_into_spelling();
  void look_in_languages(std::size_t& work);
  // When words found nothing: the correcting stage, over the query's
  // folded words (correcting.cpp).
  void begin_correcting();
  // Checks the next word, and once all are checked, searches them.
  void correct_next(std::size_t& work);
  // A stage has ended, having given `given` results in all: when none,
  // the fallbacks still pending begin.
  void end_stage(std::size_t given);
  // Gathers terms into the filter; false when the work ran out first.
  bool gather(const NameIndex& index, std::size_t& work);
  void start_matching();
  std::size_t next_by_name(std::span<Result> out, std::size_t& work);
  std::size_t next_listed(const NameIndex& index, std::span<Result> out, std::size_t& work);

  const NameIndex* index_ = nullptr;
  const NameIndex::Locale* language_ = nullptr;
  const NameIndex::Locale* english_ = nullptr;  // the index's English, for the tables of every field
  MatchCursor cursor_;
  std::unique_ptr<Extra> extra_;
  std::span<const EntryId> aliased_;  // names stage: the alias's characters not given yet
  std::size_t produced_ = 0;
  Stage stage_ = Stage::done;
  EntryId cursor_head_ = 0;  // names stage with aliased_: the cursor's next match, taken already
  bool has_cursor_head_ = false;
  // What to try, from the query kept in the extra text, if the answer so
  // far is empty: other names and keywords, then identifying characters.
  bool fall_back_pending_ = false;
  bool identify_pending_ = false;
  bool correct_pending_ = false;  // then, words corrected for typos
  bool every_field_ = false;      // start() was given Fields::every_field
  bool languages_pending_ = false;  // then, with no language chosen, the words looked for in every one
  const NameIndex::Locale* found_in_ = nullptr;
  bool names_hold_every_word_ = false;
  bool corrected_ = false;        // the results are the corrected words'
  bool listed_ = false;
};

}  // namespace mojifinder
