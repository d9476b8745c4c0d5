// Words of any language: with every field and no language given, a query
// whose words no name nor English field holds is looked for in every
// language's keywords and short names before it is taken for a typo or
// identified (`gato`, `herz`, `кошка`), and searched in the first that
// holds every word, the most spoken first. Results' stage `languages`.
#include "mojifinder/query/results.hpp"
#include "mojifinder/text/fold.hpp"
#include "query_detail.hpp"

namespace mojifinder {

namespace {

// Steps one look of a word in one language's table costs: a hash, a
// probe, a comparison, as a word of a query costs a list.
constexpr std::size_t look_steps = 16;

}  // namespace

void Results::fold_text_into_spelling() {
  auto& e = extra();
  thread_local FoldedWords folded;
  folded.split(e.text);
  e.spelling.clear();
  for (const auto word : folded.words()) (e.spelling += word) += ' ';
}

void Results::begin_languages() {
  fold_text_into_spelling();
  auto& e = *extra_;
  if (e.spelling.empty()) return;
  e.locale_at = 0;
  e.first_holding = nullptr;
  stage_ = Stage::languages;
}

void Results::look_in_languages(std::size_t& work) {
  auto& e = *extra_;
  const auto locales = index_->locales();
  const auto holds_every_word = [&](const NameIndex::Locale& locale) {
    const auto& table = locale.words();
    for (std::string_view rest = e.spelling; !rest.empty();) {
      const auto space = rest.find(' ');
      const auto word = rest.substr(0, space);
      rest.remove_prefix(space + 1);
      work -= std::min(work, look_steps);
      if (!query_detail::table_has_word(table, word)) return false;
    }
    return true;
  };
  // In the index's order of speakers: each language itself before its
  // regional forms (es before es_MX), the most spoken first (arbre is
  // French before it is Catalan).
  const auto order = index_->locales_by_speakers();
  for (; e.locale_at < order.size() && work > 0 && e.first_holding == nullptr; ++e.locale_at) {
    const auto& locale = locales[order[e.locale_at]];
    // English and a preferred language were searched already.
    if (&locale == english_ || &locale == language_ || !holds_every_word(locale)) continue;
    e.first_holding = &locale;
  }
  if (e.locale_at < order.size() && e.first_holding == nullptr) return;  // the work ran out: the next call goes on
  const auto* found = e.first_holding;
  stage_ = Stage::done;
  if (found == nullptr) {
    end_stage(0);
    return;
  }
  found_in_ = language_ = found;
  thread_local std::vector<std::string_view> words;
  words.clear();
  for (std::string_view rest = e.spelling; !rest.empty();) {
    const auto space = rest.find(' ');
    words.push_back(rest.substr(0, space));
    rest.remove_prefix(space + 1);
  }
  if (start_terms(words, search_tables(*index_)) || stage_ == Stage::done) {
    // Every word is the language's, yet no character holds them all.
    found_in_ = language_ = nullptr;
    stage_ = Stage::done;
    end_stage(0);
  }
}

}  // namespace mojifinder
