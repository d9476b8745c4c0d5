// Results: what a query is, the plan start() writes for it, and the
// stages it runs by that plan, one at a time (stages/).
#include "mojifinder/query/results.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "mojifinder/text/ascii.hpp"
#include "mojifinder/text/fold.hpp"
#include "mojifinder/text/utf8.hpp"
#include "properties.hpp"
#include "query_detail.hpp"
#include "stages/correction_stage.hpp"
#include "stages/language_stage.hpp"
#include "stages/lead_stage.hpp"
#include "stages/listing_stage.hpp"
#include "stages/gather_stage.hpp"

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

namespace query_detail {

// Only for prefixes, languages, aliases, code points and identification:
// most sessions never make them, and each gives them back after the
// answer.
struct SpareStages {
  LeadStage leads;
  GatherStage gather;
  LanguageStage languages;
  CorrectionStage correction;
  ListingStage listing;
  std::string text;        // the query, for the fallbacks
  std::string properties;  // the query's block: and category: tokens, a space after each
  MatchCursor::Constraint constraint;  // ... what they narrow to, when there are any
};

void SpareStagesDeleter::operator()(SpareStages* stages) const noexcept { delete stages; }

}  // namespace query_detail

SpareStages& Results::spare() {
  if (!spare_) spare_.reset(new SpareStages);
  return *spare_;
}

template <class Call>
std::size_t Results::with_running_stage(Call&& call) {
  switch (plan_.running) {
    case StageId::leads: return call(spare_->leads);
    case StageId::gathering: return call(spare_->gather);
    case StageId::languages: return call(spare_->languages);
    case StageId::correction: return call(spare_->correction);
    case StageId::listing: return call(spare_->listing);
    case StageId::matching: return call(match_);
    case StageId::none: break;
  }
  return 0;
}

MatchCursor::Constraint Results::constraint() const noexcept {
  return spare_ && !spare_->properties.empty() ? spare_->constraint : MatchCursor::Constraint{};
}

std::size_t Results::held_bytes() const noexcept {
  if (!spare_) return 0;
  const auto& s = *spare_;
  return s.gather.held_bytes() + s.leads.held_bytes() + s.languages.held_bytes() + s.correction.held_bytes() +
         s.listing.held_bytes() + s.text.capacity() + s.properties.capacity();
}

std::string_view Results::corrected_query() const noexcept {
  return corrected_ && spare_ ? spare_->correction.corrected_query() : std::string_view{};
}

std::string_view Results::asked_query() const noexcept {
  return corrected_ && spare_ ? spare_->correction.asked_query() : std::string_view{};
}

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

std::optional<QueryError> Results::start_terms(std::vector<std::string_view>& words, const Tables& tables) {
  names_hold_every_word_ = false;
  auto& gather = spare().gather;
  if (auto error = gather.start(*scope_.index, words, tables)) return error;
  if (!gather.every_word_found()) {
    plan_.running = StageId::none;
  } else if (gather.done()) {
    start_matching();
  } else {
    plan_.running = StageId::gathering;
  }
  return std::nullopt;
}

void Results::start_matching() {
  const auto& gather = spare_->gather;
  match_.start_unions(gather.unions(), gather.filter(), constraint());
  plan_.running = StageId::matching;
}

void Results::start_words(std::string_view query, std::span<const std::string_view> words) {
  // A whole alias is looked up with the words in the order given. A
  // block or category narrows the cursor's matches; the alias's would
  // pass around it.
  const auto narrowed = constraint();
  std::span<const EntryId> aliased;
  if (!narrowed.any()) {
    thread_local std::string whole_alias;
    whole_alias.clear();
    for (const auto word : words) (whole_alias += ' ') += word;
    aliased = scope_.index->entries_with_whole_alias(whole_alias);
  }
  // First the original's answer, streamed straight from the index.
  match_.start_names(*scope_.index, words, aliased, narrowed);
  plan_.running = StageId::matching;
  names_hold_every_word_ = aliased.empty();
  // A query that is an alias (ZWJ, NUL, LINE FEED) finds its characters
  // beside what names find, merged as they go; it needs no fallback. Nor
  // does one whose first match names found.
  if (match_.found_any()) return;
  // A query whose first match lies beyond the look keeps its text to fall
  // back on, should names find nothing after all. A corrected query's
  // fallbacks take its words from the correction; the query as asked is
  // kept, to identify its characters should all fail.
  if (!corrected_) spare().text.assign(query);
  plan_.add(Fallback::other_fields);
  if (match_.done()) end_stage();
}

std::optional<QueryError> Results::start_folded_terms(std::string_view text, const Tables& tables) {
  thread_local FoldedWords folded;
  folded.split(text);
  thread_local std::vector<std::string_view> words;
  words.assign(folded.words().begin(), folded.words().end());
  return start_terms(words, tables);
}

void Results::fall_back(std::string_view query) {
  // Names found nothing: the folded words of aliases and emoji sequence
  // names (kept for last, since FACE, HEART and CAT are everywhere in
  // names and sequences would crowd the original's answers), and the
  // keywords of the language, or else of English. The query was checked
  // before; an error now (too many words once punctuation splits them)
  // finds nothing.
  if (start_folded_terms(query, scope_.fall_back_tables())) plan_.running = StageId::none;
}

void Results::finish_stage() {
  switch (plan_.running) {
    case StageId::leads:
      plan_.running = plan_.after_leads;
      if (done()) end_stage();
      return;
    case StageId::languages:
      search_found_language();
      return;
    case StageId::correction:
      search_corrected();
      return;
    case StageId::gathering:
      start_matching();
      return;
    case StageId::matching:
    case StageId::listing:
    case StageId::none:
      end_stage();
      return;
  }
}

void Results::end_stage() {
  plan_.running = StageId::none;
  if (found_any_ || !spare_) return;
  // A language whose words held every word, yet no character all of them,
  // is not where they were found.
  if (found_in_ != nullptr) found_in_ = scope_.language = nullptr;
  auto& s = *spare_;
  if (plan_.take(Fallback::other_fields)) {
    fall_back(corrected_ ? s.correction.corrected_words() : std::string_view(s.text));
    if (!done()) return;
  }
  // Every field without a language: the words of another language.
  if (plan_.take(Fallback::languages)) {
    s.languages.start(*scope_.index, s.text, scope_.english, scope_.language);
    if (!s.languages.done()) {
      plan_.running = StageId::languages;
      return;
    }
  }
  // Corrected words that still find nothing are not what was searched.
  corrected_ = false;
  if (plan_.take(Fallback::correction)) {
    // Corrections come from every table the query and its fallbacks look in.
    const auto tables = scope_.language != nullptr ? scope_.search_tables() : scope_.fall_back_tables();
    s.correction.start(*scope_.index, s.text, s.properties, tables);
    if (!s.correction.done()) {
      plan_.running = StageId::correction;
      return;
    }
  }
  if (plan_.take(Fallback::identify)) start_identify(s.text);
}

void Results::search_found_language() {
  auto& languages = spare_->languages;
  plan_.running = StageId::none;
  if (const auto* found = languages.found()) {
    found_in_ = scope_.language = found;
    if (!start_terms(languages.words(), scope_.search_tables()) && !done()) return;
    // Every word is the language's, yet no character holds them all.
    found_in_ = scope_.language = nullptr;
    plan_.running = StageId::none;
  }
  end_stage();
}

void Results::search_corrected() {
  auto& correction = spare_->correction;
  plan_.running = StageId::none;
  if (!correction.corrected()) {
    end_stage();
    return;
  }
  // Every word is known now: they answer as the corrected query would,
  // names (and the language) first, then the fallbacks.
  corrected_ = true;
  plan_.add(Fallback::other_fields);
  if (scope_.language == nullptr && !scope_.every_field) {
    // As start() searches plain words: names, with the characters of an
    // alias the words are (CANCEL).
    thread_local WordList split;
    split.split(correction.corrected_words());
    start_words(correction.corrected_words(), split.words());
    return;
  }
  if (start_folded_terms(correction.corrected_words(), scope_.search_tables())) plan_.running = StageId::none;
  if (done()) end_stage();
}

std::size_t Results::next(std::span<Result> out, std::size_t& work) {
  std::size_t written = 0;
  // Characters pasted and given first are skipped after (leads are made
  // by start() alone).
  const bool skip_leading = spare_ && spare_->leads.skips_any();
  while (written < out.size() && work > 0 && !done()) {
    if (plan_.running == StageId::leads) {
      // Alone in their call, so that a caller ranking the rest can tell
      // them apart (leading()).
      auto& leads = spare_->leads;
      written += leads.next(out.subspan(written), work);
      if (leads.done()) finish_stage();
      produced_ += written;
      return written;
    }
    const auto from = written;
    bool ended = false;
    const auto found = with_running_stage([&](Stage auto& stage) {
      const auto n = stage.next(out.subspan(written), work);
      ended = stage.done();
      return n;
    });
    written += found;
    found_any_ = found_any_ || found != 0;
    if (ended) finish_stage();
    if (skip_leading && written > from) written = from + spare_->leads.skip(out.subspan(from, written - from));
  }
  produced_ += written;
  return written;
}

}  // namespace mojifinder
