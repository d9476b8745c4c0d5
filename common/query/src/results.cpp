// Results follows the plan start() wrote (start.cpp): it runs the stage
// the plan names, one at a time (stages/), and when one ends, begins what
// follows it or, when the words found nothing, the next fallback.
#include "mojifinder/query/results.hpp"

#include <optional>
#include <string>

#include "mojifinder/text/fold.hpp"
#include "mojifinder/text/words.hpp"
#include "query_detail.hpp"
#include "stages/spare_stages.hpp"

namespace mojifinder {

using namespace query_detail;

namespace query_detail {

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
