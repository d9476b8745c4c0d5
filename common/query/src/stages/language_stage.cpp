#include "stages/language_stage.hpp"

#include <algorithm>

#include "mojifinder/text/fold.hpp"
#include "query_detail.hpp"

namespace mojifinder::query_detail {

namespace {

// Steps one look of a word in one language's table costs: a hash, a
// probe, a comparison, as a word of a query costs a list.
constexpr std::size_t look_steps = 16;

}  // namespace

void LanguageStage::start(const NameIndex& index, std::string_view text, const NameIndex::Locale* english,
                          const NameIndex::Locale* language) {
  index_ = &index;
  skipped_[0] = english;
  skipped_[1] = language;
  fold_into_spelling(text, spelling_);
  words_.clear();
  for (std::string_view rest = spelling_; !rest.empty();) {
    const auto space = rest.find(' ');
    words_.push_back(rest.substr(0, space));
    rest.remove_prefix(space + 1);
  }
  locale_at_ = 0;
  found_ = nullptr;
  done_ = words_.empty();
}

std::size_t LanguageStage::next(std::span<Result>, std::size_t& work) {
  const auto locales = index_->locales();
  const auto holds_every_word = [&](const NameIndex::Locale& locale) {
    const auto& table = locale.words();
    for (const auto word : words_) {
      work -= std::min(work, look_steps);
      if (!table_has_word(table, word)) return false;
    }
    return true;
  };
  // In the index's order of speakers: each language itself before its
  // regional forms (es before es_MX), the most spoken first (arbre is
  // French before it is Catalan).
  const auto order = index_->locales_by_speakers();
  for (; locale_at_ < order.size() && work > 0 && found_ == nullptr; ++locale_at_) {
    const auto& locale = locales[order[locale_at_]];
    // English and a preferred language were searched already.
    if (&locale == skipped_[0] || &locale == skipped_[1] || !holds_every_word(locale)) continue;
    found_ = &locale;
  }
  // When the work ran out first, the next call goes on.
  done_ = locale_at_ == order.size() || found_ != nullptr;
  return 0;
}

}  // namespace mojifinder::query_detail
