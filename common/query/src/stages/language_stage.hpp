// Words of any language: with every field and no language given, a query
// whose words no name nor English field holds is looked for in every
// language's keywords and short names before it is taken for a typo or
// identified (`gato`, `herz`, `кошка`): the first language that holds
// every word, the most spoken first, is where Results then searches them.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mojifinder/index/name_index.hpp"
#include "mojifinder/query/stages/stage.hpp"

namespace mojifinder::query_detail {

class LanguageStage {
 public:
  // Looks for the folded words of `text` in every language but English
  // and `language` (searched already); done() at once when it has none.
  void start(const NameIndex& index, std::string_view text, const NameIndex::Locale* english,
             const NameIndex::Locale* language);

  // Finds no result itself: once done(), found() says where to search.
  std::size_t next(std::span<Result> out, std::size_t& work);
  bool done() const noexcept { return done_; }

  // The first language that holds every word; null when none does.
  const NameIndex::Locale* found() const noexcept { return found_; }
  // The query's folded words, to search in it (valid until the next start).
  std::vector<std::string_view>& words() noexcept { return words_; }

  std::size_t held_bytes() const noexcept { return spelling_.capacity() + words_.capacity() * sizeof(words_[0]); }

 private:
  const NameIndex* index_ = nullptr;
  const NameIndex::Locale* skipped_[2] = {nullptr, nullptr};  // English, and the language given
  std::string spelling_;                 // the query's folded words, a space after each
  std::vector<std::string_view> words_;  // ... as words
  std::size_t locale_at_ = 0;            // the next to look in, in the order of speakers
  const NameIndex::Locale* found_ = nullptr;
  bool done_ = true;
};

static_assert(Stage<LanguageStage>);

}  // namespace mojifinder::query_detail
