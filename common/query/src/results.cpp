#include "mojifinder/query/results.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "mojifinder/index/render.hpp"
#include "mojifinder/text/ascii.hpp"
#include "mojifinder/text/fold.hpp"
#include "mojifinder/text/utf8.hpp"
#include "query_detail.hpp"
#include "spelling.hpp"

namespace mojifinder {

using namespace query_detail;

namespace {

// True when the text holds a character beyond ASCII that is not white
// space: such a line names no character (names are ASCII), so it is taken
// as characters to identify.
bool holds_characters_to_identify(std::string_view text) {
  if (utf8::is_ascii(text)) return false;
  while (!text.empty()) {
    if (static_cast<unsigned char>(text[0]) < 0x80) {
      text.remove_prefix(1);
      continue;
    }
    const auto decoded = utf8::decode(text);
    if (!decoded) return false;  // checked before: cannot happen
    if (!is_white_space(decoded->code_point)) return true;
    text.remove_prefix(decoded->length);
  }
  return false;
}

// True when the text holds a word of two or more letters beyond ASCII
// (`piñata`, `cœur`): a word to look for before the characters are
// identified. A character alone (`é`, `€`, `猫`) or a run of symbols
// (pasted emoji) is identified at once; but with `ideographs` a letter of
// a script written without spaces alone is a word too (`猫` is Japanese
// and Chinese for cat), which every field looks for after the character.
bool holds_word_beyond_ascii(std::string_view text, bool ideographs = false) {
  for (auto rest = text; !rest.empty();) {
    auto token = next_token(rest);
    if (utf8::is_ascii(token)) continue;
    std::size_t letters = 0;
    bool all_letters = true;
    for (auto t = token; !t.empty() && all_letters;) {
      const auto decoded = utf8::decode(t);
      if (!decoded) return false;
      t.remove_prefix(decoded->length);
      const auto cp = decoded->code_point;
      all_letters = (cp < 0x80 && ascii::is_letter(static_cast<char>(cp))) || (cp >= 0x80 && is_letter_or_mark(cp));
      ++letters;
    }
    if (all_letters && (letters >= 2 || (ideographs && is_written_without_spaces(token)))) return true;
  }
  return false;
}

// True when the text is one character (a code point, or an emoji
// sequence pasted whole) or holds no letter: what a language adds to
// rather than reads as words (`×`, `ß`, `€ $`, `👍🏽`).
bool is_character_or_symbols(const NameIndex& index, std::string_view text) {
  if (const auto sequence = index.sequence_at(text); sequence && sequence->bytes == text.size()) return true;
  std::size_t count = 0;
  bool letters = false;
  while (!text.empty()) {
    const auto decoded = utf8::decode(text);
    if (!decoded) return false;
    text.remove_prefix(decoded->length);
    const auto cp = decoded->code_point;
    letters = letters || (cp < 0x80 ? ascii::is_letter(static_cast<char>(cp)) : is_letter_or_mark(cp));
    ++count;
  }
  return count == 1 || !letters;
}

}  // namespace

Results::Extra& Results::extra() {
  if (!extra_) extra_ = std::make_unique<Extra>();
  return *extra_;
}

std::size_t Results::held_bytes() const noexcept {
  if (!extra_) return 0;
  const auto& e = *extra_;
  return e.filter.bytes() + e.term.bytes() + e.text.capacity() + e.lists.capacity() * sizeof(e.lists[0]) +
         e.terms.capacity() * sizeof(Term) + e.properties.capacity() + e.spelling.capacity() + e.corrected.capacity() +
         e.asked.capacity() + (e.leads.capacity() + e.lead_set.capacity()) * sizeof(Result) +
         (e.trie ? sizeof(TrieWalk) : 0);
}

std::optional<QueryError> Results::start(const NameIndex& index, std::string_view query,
                                         const NameIndex::Locale* language, Fields fields, LanguageChoice choice) {
  if (index_ != &index) english_ = index.find_locale("en");  // looked up once an index, not once a query
  index_ = &index;
  language_ = language;
  every_field_ = fields == Fields::every_field;
  produced_ = 0;
  aliased_ = {};
  has_cursor_head_ = false;
  fall_back_pending_ = identify_pending_ = listed_ = corrected_ = names_hold_every_word_ = languages_pending_ = false;
  found_in_ = nullptr;
  // Typos are corrected for words only: the paths of code points and of
  // characters identified at once unset it.
  correct_pending_ = true;
  if (extra_) {
    auto& e = *extra_;
    e.lists.clear();
    e.terms.clear();
    e.text.clear();
    e.properties.clear();
    e.leads.clear();
    e.lead_set.clear();
    e.term_at = e.list_at = e.entry_at = e.text_at = 0;
    e.term_begun = false;
  }
  // A character typed decomposed (e and U+0301) is the character it
  // composes: both forms of a query answer alike.
  // Most queries are ASCII, and need neither.
  const bool ascii = utf8::is_ascii(query);
  if (!ascii) {
    thread_local std::string composed_query;
    query = composed(query, composed_query);
  }
  // `:)`, a whole query, is an emoticon.
  if (const auto emoji = emoticon_entries(index, query); !emoji.empty()) {
    start_entries(emoji);
    return std::nullopt;
  }
  // `:tada:`, one word between colons, is a shortcode (`::` a malformed one).
  if (query.size() >= 2 && query.front() == ':' && query.back() == ':') return start_shortcode(index, query);
  // `block:NAME` and `category:X` narrow what the words find; the rest of
  // the query is its words.
  MatchCursor::Constraint constraint;
  constraint.index = &index;
  if (query.find(':') != std::string_view::npos) {
    thread_local std::string words_only, properties;
    if (auto error = take_properties(index, query, constraint, words_only, properties)) return error;
    if (constraint.any()) {
      query = words_only;
      extra().properties = properties;
    }
  }
  cursor_.constrain(constraint);
  // The words without their property tokens are ASCII if the query was.
  const bool to_identify = !ascii && holds_characters_to_identify(query) && !constraint.any();
  if (to_identify && language == nullptr && (!every_field_ || !holds_word_beyond_ascii(query, true))) {
    if (!holds_word_beyond_ascii(query)) {
      start_identify(query);
      return std::nullopt;
    }
    // Words first, folded, as names-only queries fall back on them:
    // names, aliases and sequence names, English keywords; the characters
    // identified only when they find nothing.
    extra().text.assign(query);
    fall_back(index, query);
    identify_pending_ = true;
    if (stage_ == Stage::done) end_stage(0);
    return std::nullopt;
  }
  // A token that starts with `U+` makes a query of code points: `+` is in
  // no name, so such a token could match nothing as a word.
  if (query.find('+') != std::string_view::npos) {
    for (auto rest = query; !rest.empty();) {
      if (!is_code_point_like(next_token(rest))) continue;
      if (constraint.any()) return malformed_query("block: and category: narrow words, not code points (block:arrows double)");
      return start_code_points(query);
    }
  }
  thread_local std::vector<std::string_view> sorted;
  if (language != nullptr || every_field_) {
    // Names and the language's words (or every field), folded; then what
    // the fallbacks add.
    // A character alone or a run of symbols (`×`, `ß`, `№`, pasted emoji),
    // which is identified at once without a language, is so still, first:
    // the language adds what its words call so after it.
    const bool lead = to_identify && is_character_or_symbols(index, query);
    thread_local FoldedWords folded;
    folded.split(query);
    sorted.assign(folded.words().begin(), folded.words().end());
    extra().text.assign(query);
    if (auto error = start_terms(sorted, search_tables(index))) {
      if (!lead) return error;
      stage_ = Stage::done;  // too many symbols to look up as words: the characters alone
    }
    fall_back_pending_ = true;
    languages_pending_ = language == nullptr || choice == LanguageChoice::preferred;
    identify_pending_ = to_identify && !lead;
    if (lead) {
      correct_pending_ = false;
      lead_with_characters(index, query);
      return std::nullopt;
    }
    if (stage_ == Stage::done) end_stage(0);
    return std::nullopt;
  }
  // The words are needed only until the terms have their entry lists.
  thread_local WordList split;
  split.split(query);
  auto words = split.words();
  // Sorted copies only where they are needed: prefixes, and many words.
  if (std::any_of(words.begin(), words.end(), [](auto w) { return w.find('*') != std::string_view::npos; })) {
    sorted.assign(words.begin(), words.end());
    extra().text.assign(query);
    if (auto error = start_terms(sorted, search_tables(index))) return error;
    fall_back_pending_ = true;
    if (stage_ == Stage::done) end_stage(0);
    return std::nullopt;
  }
  // The same word twice asks nothing more (the cursor takes a list once):
  // only a query of many words needs them counted.
  if (words.size() > max_words_per_query) {
    sorted.assign(words.begin(), words.end());
    keep_distinct(sorted);
    if (sorted.size() > max_words_per_query) return too_many_words();
  }
  // A whole alias is looked up with the words in the order given.
  thread_local std::string whole_alias;
  whole_alias.clear();
  for (const auto word : words) (whole_alias += ' ') += word;
  // A block or category narrows the cursor's matches; the alias's would
  // pass around it.
  if (!constraint.any()) aliased_ = index.entries_with_whole_alias(whole_alias);
  start_words(index, query, words);
  return std::nullopt;
}

void Results::start_words(const NameIndex& index, std::string_view query, std::span<const std::string_view> words) {
  // First the original's answer, streamed straight from the index.
  cursor_.start(index, words);
  stage_ = Stage::names;
  names_hold_every_word_ = aliased_.empty();
  // A query that is an alias (ZWJ, NUL, LINE FEED) finds its characters
  // beside what names find, merged as they go; it needs no fallback.
  if (!aliased_.empty()) return;
  // Whether names find anything: the first match, kept for next(). The
  // look is bounded; a query whose first match lies further keeps its text
  // to fall back on, should names find nothing after all.
  std::size_t work = work_per_call;
  has_cursor_head_ = cursor_.next(std::span(&cursor_head_, 1), work) == 1;
  if (has_cursor_head_) return;
  // A corrected query's fallbacks take its words from the correction; the
  // query as asked is kept, to identify its characters should all fail.
  if (!corrected_) extra().text.assign(query);
  fall_back_pending_ = true;
  if (cursor_.done()) end_stage(0);
}

Results::Tables Results::search_tables(const NameIndex& index) const {
  if (language_ == nullptr && !every_field_) return {&index.name_words(), nullptr, nullptr, nullptr};
  // A language only adds: aliases, sequence names and English keywords
  // count too, which names-only queries fall back on.
  const auto* english_words = english_ && english_ != language_ ? &english_->words() : nullptr;
  if (language_ == nullptr) return {&index.name_words(), &index.other_words(), english_words, nullptr};
  return {&index.name_words(), &language_->words(), &index.other_words(), english_words};
}

Results::Tables Results::fall_back_tables(const NameIndex& index) const {
  const auto* keywords = language_ != nullptr ? language_ : english_;
  return {&index.name_words(), &index.other_words(), keywords ? &keywords->words() : nullptr, nullptr};
}

void Results::fall_back(const NameIndex& index, std::string_view query) {
  // Names found nothing: the folded words of aliases and emoji sequence
  // names (kept for last, since FACE, HEART and CAT are everywhere in
  // names and sequences would crowd the original's answers), and the
  // keywords of the language, or else of English.
  auto& e = extra();
  e.lists.clear();
  e.terms.clear();
  thread_local FoldedWords folded;
  folded.split(query);
  thread_local std::vector<std::string_view> words;
  words.assign(folded.words().begin(), folded.words().end());
  // The query was checked before; an error now (too many words once
  // punctuation splits them) finds nothing.
  if (start_terms(words, fall_back_tables(index))) {
    stage_ = Stage::done;
  }
}

void Results::end_stage(std::size_t given) {
  stage_ = Stage::done;
  // Characters pasted and given first are not what the words found.
  if (extra_) given -= std::min(given, extra_->leads.size());
  if (given != 0 || !extra_) return;
  // A language whose words held every word, yet no character all of them,
  // is not where they were found.
  if (found_in_ != nullptr) found_in_ = language_ = nullptr;
  if (fall_back_pending_) {
    fall_back_pending_ = false;
    fall_back(*index_, corrected_ ? corrected_words() : std::string_view(extra_->text));
    if (stage_ != Stage::done) return;
  }
  // Every field without a language: the words of another language.
  if (languages_pending_) {
    languages_pending_ = false;
    begin_languages();
    if (stage_ != Stage::done) return;
  }
  // Corrected words that still find nothing are not what was searched.
  // A line beyond ASCII that finds nothing is identified, not guessed at:
  // pasted text is more likely than a slip (`naïve`).
  corrected_ = false;
  if (correct_pending_ && !identify_pending_) {
    correct_pending_ = false;
    begin_correcting();
    if (stage_ != Stage::done) return;
  }
  if (identify_pending_) {
    identify_pending_ = false;
    start_identify(extra_->text);
  }
}

std::size_t Results::next_by_name(std::span<Result> out, std::size_t& work) {
  std::size_t written = 0;
  if (aliased_.empty()) {
    // The common case: the cursor's matches, after the one taken to see
    // whether there was any.
    if (has_cursor_head_ && !out.empty()) {
      out[written++] = cursor_head_;
      has_cursor_head_ = false;
    }
    written += cursor_.next(out.subspan(written), work);
  } else {
    // Merged with the alias's characters, one at a time (there are few).
    while (written < out.size()) {
      if (!has_cursor_head_ && !cursor_.done()) {
        has_cursor_head_ = cursor_.next(std::span(&cursor_head_, 1), work) == 1;
        if (!has_cursor_head_ && !cursor_.done()) break;  // the work ran out
      }
      if (!has_cursor_head_ && aliased_.empty()) break;
      if (aliased_.empty() || (has_cursor_head_ && cursor_head_ <= aliased_.front())) {
        if (!aliased_.empty() && cursor_head_ == aliased_.front()) aliased_ = aliased_.subspan(1);
        out[written++] = cursor_head_;
        has_cursor_head_ = false;
      } else {
        out[written++] = aliased_.front();
        aliased_ = aliased_.subspan(1);
      }
    }
  }
  if (cursor_.done() && !has_cursor_head_ && aliased_.empty()) end_stage(produced_ + written);
  return written;
}

std::size_t Results::next(std::span<Result> out, std::size_t& work) {
  std::size_t written = 0;
  // Characters pasted and given first are skipped after (leads are made
  // by start() alone).
  const bool skip_leading = extra_ && !extra_->lead_set.empty();
  while (written < out.size() && work > 0 && stage_ != Stage::done) {
    const auto from = written;
    switch (stage_) {
      case Stage::leading:
        // Alone in their call, so that a caller ranking the rest can tell
        // them apart (leading()).
        written += next_lead(out.subspan(written), work);
        produced_ += written;
        return written;
      case Stage::names:
        written += next_by_name(out.subspan(written), work);
        break;
      case Stage::gathering:
        if (gather(*index_, work)) stage_ = Stage::matching;
        break;
      case Stage::matching: {
        const auto n = cursor_.next(out.subspan(written), work);
        written += n;
        if (cursor_.done()) end_stage(produced_ + written);
        break;
      }
      case Stage::languages:
        look_in_languages(work);
        break;
      case Stage::correcting:
        correct_next(work);
        break;
      case Stage::listing:
        written += next_listed(*index_, out.subspan(written), work);
        break;
      case Stage::done:
        break;
    }
    if (skip_leading && written > from) {
      written = from + skip_leads(out.subspan(from, written - from));
    }
  }
  produced_ += written;
  return written;
}

}  // namespace mojifinder
