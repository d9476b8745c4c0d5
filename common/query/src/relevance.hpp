// How well an entry matches a query of words, for answers in relevance
// order (ranked_results.hpp). Internal to mojifinder::common.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mojifinder/index/entry_list.hpp"
#include "mojifinder/index/name_index.hpp"
#include "mojifinder/text/fold.hpp"

namespace mojifinder::query_detail {

// The emoji modifiers, Fitzpatrick types 1-2 to 6 (light skin tone to dark).
inline constexpr char32_t first_skin_tone = U'\U0001F3FB', last_skin_tone = U'\U0001F3FF';

// The query's words, folded once as every field is, and where to look.
class RelevanceJudge {
 public:
  // `names_hold_every_word`: the results are the original search's, each
  // a character whose name holds every word whole (Results says so), which
  // is then taken as read rather than checked. Names are otherwise judged
  // from their words' lists where they can be; `reading` whole_text reads
  // every one instead, for tests to hold the two to the same scores.
  enum class Reading : bool { from_lists, whole_text };
  void start(const NameIndex& index, const NameIndex::Locale* language, std::string_view query,
             bool names_hold_every_word, Reading reading = Reading::from_lists);

  // Higher is better; equal scores are left in code point order. From the
  // strongest evidence down: the whole query is the entry's short name in
  // the language; or its name (or its sequence's name), its English short
  // name, or one of its shortcodes without the colons (`car` is :car:,
  // 🚗); or the name of a character CLDR does not name; then an entry without a skin tone before one with, unless the
  // query names a tone (tone_unasked()); then every word of the query a
  // word of its keywords or short name in English or the language (`gift`
  // is a keyword of 🎁; 猫 of 🐈, where a word written without spaces
  // counts only as a keyword by itself), rather than of its name alone; an entry CLDR
  // names in English (emoji and common symbols) before one it does not;
  // the fewest words left over in a field that holds every query word
  // (its words less the query's: none, one, two or three, up to seven,
  // more); words matched whole rather than by prefix.
  std::uint32_t score(EntryId id);
  // The score of a character asked alone that is also a word (`猫`):
  // after every entry whose keywords hold it, before any that only a
  // longer word holds.
  static constexpr std::uint32_t after_keywords() noexcept { return scored(0, false, true, true, 0, true); }
  // Every score is below this: the rule's steps take a few bits, so that
  // an answer is sorted by counting its scores.
  static constexpr std::uint32_t score_limit = 1u << 9;
  // Bytes of the fields the last score() read: what it cost.
  std::size_t bytes_read() const noexcept { return bytes_read_; }
  // Since start(): results scored, and the bytes of their fields read.
  std::size_t scored() const noexcept { return scored_; }
  std::size_t total_bytes_read() const noexcept { return total_bytes_read_; }

  // At least score(id), from the figures the image keeps (its fields'
  // word counts) without reading the entry's text: for a long answer,
  // most results are judged out by this alone.
  std::uint32_t best_possible(EntryId id) const {
    // A field's words less the query's are at least its count less
    // theirs; it may be the query only with as many words.
    const std::uint32_t name_words = index_->name_word_count(id), english_words = index_->english_word_count(id);
    auto fewest = name_words, exact = name_words == in_order_.size() || is_shortcode(id) ? 2u : 0u;
    bool keywords = false;
    if (english_words > 0) {
      fewest = std::min(fewest, english_words);
      if (english_words == in_order_.size()) exact = std::max(exact, 2u);
      keywords = keywords_possible_;
    }
    if (language_) {
      if (const auto words = static_cast<std::uint32_t>(language_->folded_short_name(id, language_hint_).size());
          words > 0) {
        fewest = std::min(fewest, words);
        if (words == in_order_.size()) exact = 3;
        keywords = keywords_possible_;
      }
    }
    return scored(exact, keywords, !tone_unasked(id), english_words > 0, std::min<std::uint32_t>(left_over(fewest), 254),
                  true);
  }

  // Bytes held beyond the object.
  std::size_t held_bytes() const noexcept {
    std::size_t numbered = 0;
    for (const auto* n : {&language_words_, &english_words_}) {
      numbered += n->words.capacity() * sizeof(Numbered::Word) + n->in_order.capacity() * sizeof(std::int64_t);
    }
    return text_.capacity() + query_as_name_.capacity() + words_.capacity() * sizeof(Word) + in_order_.capacity() * sizeof(in_order_[0]) + numbered +
           word_lists_.capacity() * sizeof(WordLists) + tone_words_.capacity() * sizeof(tone_words_[0]);
  }

 private:
  struct FieldMatch {
    bool holds_all = false;  // every query word is in the field
    bool whole = false;      // ... and none of them only as a prefix
    bool exact = false;      // the field is the query's words, in its order
    std::uint32_t left_over = 0;  // the field's words less the query's
  };
  static constexpr std::uint32_t scored(std::uint32_t exact, bool keywords, bool plain, bool named_in_english,
                                        std::uint32_t left_over, bool whole) {
    return exact << 7 | std::uint32_t{plain} << 6 | std::uint32_t{keywords} << 5 | std::uint32_t{named_in_english} << 4 |
           fewer_left_over(left_over) << 1 | std::uint32_t{whole};
  }
  // An emoji with a skin tone (👍🏽) when the query names none: its plain
  // emoji, found too, says the same first, and the five tones of every
  // hand and person would crowd the rest out.
  bool tone_unasked(EntryId id) const {
    if (tone_asked_ || id < index_->single_count()) return false;
    const auto code_points = index_->code_points_of(id);
    return std::any_of(code_points.begin(), code_points.end(),
                       [](std::uint32_t c) { return c >= first_skin_tone && c <= last_skin_tone; });
  }
  // Words left over, by how much they say: none, one, two or three, up to
  // seven, more, and no field holding every word (255). Finer steps only
  // put a longer name behind a shorter one of a rarer script (UGARITIC
  // LETTER DELTA before GREEK CAPITAL LETTER DELTA), where code point order
  // does better (docs/performance/relevance.md).
  static constexpr std::uint32_t fewer_left_over(std::uint32_t left_over) {
    if (left_over == 255) return 0;
    return left_over == 0 ? 5 : left_over == 1 ? 4 : left_over <= 3 ? 3 : left_over <= 7 ? 2 : 1;
  }
  // Whether a shortcode of the entry is the query's words, `_` between
  // them (`thumbs up` is :thumbs_up:).
  bool is_shortcode(EntryId id) const {
    return std::binary_search(shortcode_entries_.begin(), shortcode_entries_.end(), id);
  }
  // Whether every query word is a word of the entry's keywords or short
  // name in English or the language (a word written without spaces only
  // as a keyword by itself): their tables' lists of the words.
  bool keywords_hold_every_word(EntryId id);
  // How much a single entry's name that is the query says: as much as an
  // English short name or a shortcode that is, for a character CLDR names
  // in English; less for one it does not (☇ LIGHTNING after 🌩, whose
  // shortcode is :lightning:).
  std::uint32_t name_rank(EntryId id) const { return index_->english_word_count(id) == 0 ? 1 : 2; }
  // A field of `field_words` words that holds the query's: those beyond them.
  std::uint32_t left_over(std::uint32_t field_words) const {
    return field_words - std::min(field_words, static_cast<std::uint32_t>(words_.size()));
  }
  // How a field's words match: a single entry's name's found in it (names
  // are upper-case ASCII, words between spaces and hyphens, as the search
  // splits them; `words` of them, counted when the image was made), a
  // short name's or a sequence's name's as the image keeps them folded
  // (words one space apart), so that judging folds nothing.
  FieldMatch match_name(EntryId id, std::uint32_t words) const;
  // Whether a single entry's name, or a sequence's, holds every query word
  // whole, from the words' lists alone (words_listed_): yes, no, or not
  // known without reading it (a control, named by an alias).
  enum class Listed : unsigned char { holds_all, lacks_one, unknown };
  Listed name_by_lists(EntryId id);
  Listed sequence_name_by_lists(EntryId id);
  // A single entry's name of `words` words that holds every query word
  // (`whole`: none only as a prefix).
  FieldMatch name_with_every_word(EntryId id, std::uint32_t words, bool whole) const;
  bool is_query(std::string_view name) const;
  FieldMatch match_folded(std::string_view folded) const;
  // The query's words as a language's table numbers them, for its short
  // names (Locale::folded_short_name()).
  struct Numbered {
    struct Word {
      std::int64_t whole = -1;              // the word's own number; -1: not in the table
      std::uint32_t first = 0, last = 0;    // a prefix: the words it begins
    };
    const NameIndex::Locale* locale = nullptr;
    bool numbered = false;                  // words and in_order are made (at the first short name read)
    std::vector<Word> words;                // as words_
    std::vector<std::int64_t> in_order;     // as in_order_
  };
  // Numbers the query's words in a table, once a query: most queries read
  // no short name of some language.
  void number(Numbered& numbered) const;
  // How a short name's words, by number, match.
  FieldMatch match_numbered(std::span<const std::uint16_t> field, Numbered& numbered) const;

  const NameIndex* index_ = nullptr;
  const NameIndex::Locale* language_ = nullptr;
  const NameIndex::Locale* english_ = nullptr;         // English, unless it is the language
  const NameIndex::Locale* english_locale_ = nullptr;  // the index's English
  std::string text_;                     // the query's folded words, one after another
  // A query word, distinct, as it matches: whole, or as a prefix (`smil*`).
  // A word of a script written without spaces (`猫`) is found by the search
  // anywhere inside a field's words (`にやっと笑う猫`), but only a whole
  // word counts here: inside a longer one it says less than a keyword that
  // is the word (🐈's 猫), and code point order is left to decide.
  struct Word {
    std::string_view stem;  // into text_, without the `*`
    bool prefix = false;
    bool part = false;  // written without spaces
  };
  std::vector<Word> words_;
  bool names_hold_every_word_ = false;
  // Each query word's entries in the tables of names, of other names
  // (aliases, sequences' names), of English's keywords and short names and
  // of the language's, asked of results as they come, in ascending order.
  // The query may be held by keywords only when every word is whole and
  // found.
  struct WordLists {
    EntryListProbe names, other, english, language;
  };
  std::vector<WordLists> word_lists_;
  bool keywords_possible_ = false;
  bool tone_asked_ = false;  // a query word is a word of a skin tone's English short name (dark, skin)
  std::vector<std::string_view> tone_words_;  // those words, into the index
  // Every query word is whole (no prefix, no part of a word written without
  // spaces): whether a name holds it is whether its list holds the entry,
  // and the name need not be read.
  bool words_listed_ = false;
  std::span<const EntryId> shortcode_entries_;  // sorted: those with the query as a shortcode
  std::vector<std::string_view> in_order_;  // into text_, as the query gives them
  std::string query_as_name_;               // in_order_ one space apart
  // Where the last short name was found in each language: results come in
  // ascending order, and each look goes on from the last.
  mutable std::size_t language_hint_ = 0, english_hint_ = 0;
  mutable Numbered language_words_, english_words_;
  mutable std::size_t bytes_read_ = 0;
  std::size_t scored_ = 0, total_bytes_read_ = 0;
  std::vector<std::size_t> ends_;
};

}  // namespace mojifinder::query_detail
