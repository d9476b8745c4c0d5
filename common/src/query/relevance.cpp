#include "relevance.hpp"

#include <algorithm>
#include <array>

#include "mojifinder/results.hpp"

namespace mojifinder::query_detail {

void RelevanceJudge::start(const NameIndex& index, const NameIndex::Locale* language, std::string_view query) {
  index_ = &index;
  language_ = language;
  english_ = index.find_locale("en");
  if (english_ == language_) english_ = nullptr;
  thread_local FoldedWords folded;
  folded.split(query);
  text_.clear();
  ends_.clear();
  for (const auto word : folded.words()) {
    text_ += word;
    ends_.push_back(text_.size());
  }
  in_order_.clear();
  for (std::size_t i = 0, from = 0; i < ends_.size(); from = ends_[i++]) {
    in_order_.emplace_back(text_.data() + from, ends_[i] - from);
  }
  thread_local std::vector<std::string_view> distinct;
  distinct = in_order_;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  words_.clear();
  for (auto word : distinct) {
    const bool prefix = word.ends_with('*');
    if (prefix) word.remove_suffix(1);
    words_.push_back({word, prefix, !prefix && is_written_without_spaces(word)});
  }
}

namespace {

// How a query word matches a word of a field: not, in part (a prefix
// query, or a part of a word of a script written without spaces, which
// the search looks up so), or whole.
enum class WordMatch : unsigned char { none, part, whole };

}  // namespace

template <typename EachWord>
RelevanceJudge::FieldMatch RelevanceJudge::match_words(EachWord each_word) {
  FieldMatch out;
  if (words_.empty()) return out;
  // The best match of each query word (at most max_words_per_query), and
  // whether each field word matched any; the field word for word against
  // the query, for exactness.
  std::array<WordMatch, max_words_per_query> best{};
  const auto count = std::min(words_.size(), best.size());
  std::size_t field_words = 0;
  bool same_words = true;
  each_word([&](std::string_view f) {
    same_words = same_words && field_words < in_order_.size() && in_order_[field_words] == f;
    ++field_words;
    bool matched = false;
    for (std::size_t i = 0; i < count; ++i) {
      const auto& w = words_[i];
      auto m = WordMatch::none;
      if (f == w.stem) {
        m = WordMatch::whole;
      } else if ((w.prefix && f.starts_with(w.stem)) || (w.part && f.find(w.stem) != std::string_view::npos)) {
        m = WordMatch::part;
      }
      best[i] = std::max(best[i], m);
      matched = matched || m != WordMatch::none;
    }
    out.left_over += !matched;
  });
  if (field_words == 0) return out;
  const auto first = best.begin(), last = best.begin() + static_cast<std::ptrdiff_t>(count);
  out.holds_all = std::all_of(first, last, [](WordMatch m) { return m != WordMatch::none; });
  out.whole = std::all_of(first, last, [](WordMatch m) { return m == WordMatch::whole; });
  out.exact = same_words && field_words == in_order_.size();
  return out;
}

RelevanceJudge::FieldMatch RelevanceJudge::match_name(std::string_view name) {
  return match_words([name](auto&& take) {
    std::size_t begin = 0;
    for (std::size_t i = 0; i <= name.size(); ++i) {
      if (i < name.size() && name[i] != ' ' && name[i] != '-') continue;
      if (i > begin) take(name.substr(begin, i - begin));
      begin = i + 1;
    }
  });
}

RelevanceJudge::FieldMatch RelevanceJudge::match_folded(std::string_view text) {
  if (text.empty()) return {};
  field_words_.split(text);
  return match_words([this](auto&& take) {
    for (const auto word : field_words_.words()) take(word);
  });
}

std::uint32_t RelevanceJudge::score(EntryId id) {
  // The fields, strongest first: what the query being all of one says.
  // Sequences are named as CLDR names them, in words to fold.
  const auto name = index_->name(id);
  const auto english = english_ ? english_->short_name(id) : std::string_view{};
  const auto own = language_ ? language_->short_name(id) : std::string_view{};
  std::uint32_t exact = 0, least_left_over = 255;
  bool whole = false;
  const auto weigh = [&](const FieldMatch& m, std::uint32_t whole_query_rank) {
    if (!m.holds_all) return;
    if (m.exact) exact = std::max(exact, whole_query_rank);
    if (m.left_over < least_left_over || (m.left_over == least_left_over && m.whole)) {
      least_left_over = std::min<std::uint32_t>(m.left_over, 254);
      whole = m.whole;
    }
  };
  weigh(match_folded(own), 3);
  weigh(id < index_->single_count() ? match_name(name) : match_folded(name), 2);
  weigh(match_folded(english), 1);
  const bool named_in_english = !(english_ ? english : own).empty();
  return exact << 24 | (255 - least_left_over) << 16 | std::uint32_t{whole} << 8 | std::uint32_t{named_in_english};
}

}  // namespace mojifinder::query_detail
