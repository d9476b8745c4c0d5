#include "mojifinder/query/stages/stage.hpp"

namespace mojifinder::query_detail {

Tables Scope::search_tables() const noexcept {
  if (language == nullptr && !every_field) return {&index->name_words(), nullptr, nullptr, nullptr};
  // A language only adds: aliases, sequence names and English keywords
  // count too, which names-only queries fall back on.
  const auto* english_words = english && english != language ? &english->words() : nullptr;
  if (language == nullptr) return {&index->name_words(), &index->other_words(), english_words, nullptr};
  return {&index->name_words(), &language->words(), &index->other_words(), english_words};
}

Tables Scope::fall_back_tables() const noexcept {
  const auto* keywords = language != nullptr ? language : english;
  return {&index->name_words(), &index->other_words(), keywords ? &keywords->words() : nullptr, nullptr};
}

}  // namespace mojifinder::query_detail
