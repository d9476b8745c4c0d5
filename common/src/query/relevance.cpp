#include "relevance.hpp"

#include <algorithm>

namespace mojifinder::query_detail {

void RelevanceJudge::start(const NameIndex& index, const NameIndex::Locale* language, std::string_view query) {
  index_ = &index;
  language_ = language;
  english_ = index.find_locale("en");
  if (english_ == language_) english_ = nullptr;
  thread_local FoldedWords folded;
  folded.split(query);
  text_.clear();
  std::vector<std::size_t> ends;
  for (const auto word : folded.words()) {
    text_ += word;
    ends.push_back(text_.size());
  }
  words_.clear();
  for (std::size_t i = 0, from = 0; i < ends.size(); from = ends[i++]) {
    words_.emplace_back(text_.data() + from, ends[i] - from);
  }
  in_order_ = words_;
  std::sort(words_.begin(), words_.end());
  words_.erase(std::unique(words_.begin(), words_.end()), words_.end());
}

namespace {

// How a query word matches a word of a field: not, in part (a prefix
// query, or a part of a word of a script written without spaces, which
// the search looks up so), or whole.
enum class WordMatch { none, part, whole };
WordMatch word_match(std::string_view query_word, std::string_view field_word) {
  const bool prefix = query_word.ends_with('*');
  if (prefix) query_word.remove_suffix(1);
  if (field_word == query_word) return WordMatch::whole;
  if (prefix) return field_word.starts_with(query_word) ? WordMatch::part : WordMatch::none;
  if (is_written_without_spaces(query_word) && field_word.find(query_word) != std::string_view::npos) return WordMatch::part;
  return WordMatch::none;
}

}  // namespace

RelevanceJudge::FieldMatch RelevanceJudge::match(std::string_view field) {
  FieldMatch out;
  if (field.empty() || words_.empty()) return out;
  field_words_.split(field);
  const auto fields = field_words_.words();
  out.holds_all = out.whole = true;
  for (const auto word : words_) {
    auto best = WordMatch::none;
    for (const auto f : fields) best = std::max(best, word_match(word, f));
    out.holds_all = out.holds_all && best != WordMatch::none;
    out.whole = out.whole && best == WordMatch::whole;
  }
  out.whole = out.whole && out.holds_all;
  for (const auto f : fields) {
    const bool matched = std::any_of(words_.begin(), words_.end(),
                                     [&](std::string_view w) { return word_match(w, f) != WordMatch::none; });
    out.left_over += !matched;
  }
  out.exact = std::equal(fields.begin(), fields.end(), in_order_.begin(), in_order_.end());
  return out;
}

std::uint32_t RelevanceJudge::score(EntryId id) {
  // The fields, strongest first: what the query being all of one says.
  struct Field {
    std::string_view text;
    std::uint32_t whole_query_rank;
  };
  const Field fields[] = {
      {language_ ? language_->short_name(id) : std::string_view{}, 3},
      {index_->name(id), 2},
      {english_ ? english_->short_name(id) : std::string_view{}, 1},
  };
  std::uint32_t exact = 0, least_left_over = 255;
  bool whole = false;
  for (const auto& field : fields) {
    const auto m = match(field.text);
    if (!m.holds_all) continue;
    if (m.exact) exact = std::max(exact, field.whole_query_rank);
    if (m.left_over < least_left_over || (m.left_over == least_left_over && m.whole)) {
      least_left_over = std::min<std::uint32_t>(m.left_over, 254);
      whole = m.whole;
    }
  }
  const bool named_in_english = english_ ? !english_->short_name(id).empty()
                                         : (language_ && !language_->short_name(id).empty());
  return exact << 24 | (255 - least_left_over) << 16 | std::uint32_t{whole} << 8 | std::uint32_t{named_in_english};
}

}  // namespace mojifinder::query_detail
