// Results::start(): what a query is (an emoticon, a shortcode, block:
// and category: tokens, characters to identify, code points, words) and
// the plan it writes for it. results.cpp follows the plan.
#include "mojifinder/query/results.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "mojifinder/text/ascii.hpp"
#include "mojifinder/text/fold.hpp"
#include "mojifinder/text/utf8.hpp"
#include "properties.hpp"
#include "query_detail.hpp"
#include "stages/spare_stages.hpp"

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
std::optional<QueryError> Results::start(const NameIndex& index, std::string_view query,
                                         const NameIndex::Locale* language, Fields fields, LanguageChoice choice) {
  // English is looked up once an index, not once a query.
  const auto* english = scope_.index == &index ? scope_.english : index.find_locale("en");
  scope_ = Scope{&index, language, english, fields == Fields::every_field};
  plan_.reset();
  produced_ = 0;
  found_in_ = nullptr;
  found_any_ = listed_ = corrected_ = names_hold_every_word_ = false;
  if (spare_) {
    spare_->text.clear();
    spare_->properties.clear();
    spare_->leads.clear();
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
  if (query.size() >= 2 && query.front() == ':' && query.back() == ':') return start_shortcode(query);
  // `block:NAME` and `category:X` narrow what the words find; the rest of
  // the query is its words.
  MatchCursor::Constraint constraint;
  constraint.index = &index;
  if (query.find(':') != std::string_view::npos) {
    thread_local std::string words_only, properties;
    if (auto error = take_properties(index, query, constraint, words_only, properties)) return error;
    if (constraint.any()) {
      query = words_only;
      spare().properties = properties;
      spare_->constraint = constraint;
    }
  }
  // The words without their property tokens are ASCII if the query was.
  const bool to_identify = !ascii && holds_characters_to_identify(query) && !constraint.any();
  if (to_identify && language == nullptr && (!scope_.every_field || !holds_word_beyond_ascii(query, true))) {
    if (!holds_word_beyond_ascii(query)) {
      start_identify(query);
      return std::nullopt;
    }
    // Words first, folded, as names-only queries fall back on them:
    // names, aliases and sequence names, English keywords; the characters
    // identified only when they find nothing.
    spare().text.assign(query);
    fall_back(query);
    plan_.add(Fallback::identify);
    if (done()) end_stage();
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
  if (language != nullptr || scope_.every_field) {
    // Names and the language's words (or every field), folded; then what
    // the fallbacks add.
    // A character alone or a run of symbols (`×`, `ß`, `№`, pasted emoji),
    // which is identified at once without a language, is so still, first:
    // the language adds what its words call so after it.
    const bool lead = to_identify && is_character_or_symbols(index, query);
    spare().text.assign(query);
    if (auto error = start_folded_terms(query, scope_.search_tables())) {
      if (!lead) return error;
      plan_.running = StageId::none;  // too many symbols to look up as words: the characters alone
    }
    plan_.add(Fallback::other_fields);
    if (language == nullptr || choice == LanguageChoice::preferred) plan_.add(Fallback::languages);
    if (to_identify && !lead) plan_.add(Fallback::identify);
    if (lead) {
      plan_.drop(Fallback::correction);
      spare_->leads.start(index, query);
      plan_.after_leads = plan_.running;
      plan_.running = StageId::leads;
      return std::nullopt;
    }
    if (done()) end_stage();
    return std::nullopt;
  }
  // The words are needed only until the terms have their entry lists.
  thread_local WordList split;
  split.split(query);
  auto words = split.words();
  // Sorted copies only where they are needed: prefixes, and many words.
  if (std::any_of(words.begin(), words.end(), [](auto w) { return w.find('*') != std::string_view::npos; })) {
    sorted.assign(words.begin(), words.end());
    spare().text.assign(query);
    if (auto error = start_terms(sorted, scope_.search_tables())) return error;
    plan_.add(Fallback::other_fields);
    if (done()) end_stage();
    return std::nullopt;
  }
  // The same word twice asks nothing more (the cursor takes a list once):
  // only a query of many words needs them counted.
  if (words.size() > max_words_per_query) {
    sorted.assign(words.begin(), words.end());
    keep_distinct(sorted);
    if (sorted.size() > max_words_per_query) return too_many_words();
  }
  start_words(query, words);
  return std::nullopt;
}

std::optional<QueryError> Results::start_code_points(std::string_view query) {
  plan_.drop(Fallback::correction);
  if (auto error = spare().listing.start_code_points(*scope_.index, query)) return error;
  plan_.running = StageId::listing;
  listed_ = true;
  return std::nullopt;
}

void Results::start_identify(std::string_view text) {
  plan_.drop(Fallback::correction);
  spare().listing.start_identify(*scope_.index, text);
  plan_.running = StageId::listing;
  listed_ = true;
}

void Results::start_entries(std::span<const EntryId> entries) {
  plan_.drop(Fallback::correction);
  spare().gather.start_entries(*scope_.index, entries);
  start_matching();
}

std::optional<QueryError> Results::start_shortcode(std::string_view query) {
  plan_.drop(Fallback::correction);
  std::span<const EntryId> entries;
  if (auto error = shortcode_entries(*scope_.index, query, entries)) return error;
  start_entries(entries);
  return std::nullopt;
}

}  // namespace mojifinder
