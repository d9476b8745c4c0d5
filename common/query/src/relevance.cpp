#include "relevance.hpp"

#include <algorithm>
#include <array>

#include "mojifinder/query/results.hpp"
#include "mojifinder/text/ascii.hpp"
#include "mojifinder/text/words.hpp"
#include "query_detail.hpp"

namespace mojifinder::query_detail {

namespace {

// How a query word matches a word of a field: not, in part (a prefix
// query), or whole.
enum class WordMatch : unsigned char { none, part, whole };

}  // namespace

void RelevanceJudge::start(const NameIndex& index, const NameIndex::Locale* language, std::string_view query,
                           bool names_hold_every_word, Reading reading) {
  if (index_ != &index) {
    index_ = &index;
    english_locale_ = index.find_locale("en");
    // The words of the skin tones' English short names, once an index.
    tone_words_.clear();
    for (auto modifier = first_skin_tone; english_locale_ && modifier <= last_skin_tone; ++modifier) {
      std::size_t hint = 0;
      if (const auto id = index.find(modifier)) {
        for (const auto number : english_locale_->folded_short_name(*id, hint)) {
          const auto word = english_locale_->words().word(number);
          if (std::find(tone_words_.begin(), tone_words_.end(), word) == tone_words_.end()) tone_words_.push_back(word);
        }
      }
    }
  }
  language_ = language;
  english_ = english_locale_ == language_ ? nullptr : english_locale_;
  names_hold_every_word_ = names_hold_every_word;
  language_hint_ = english_hint_ = 0;
  scored_ = total_bytes_read_ = 0;
  // The words only: `block:` and `category:` narrow, and match no field.
  if (query.find(':') != std::string_view::npos) {
    thread_local std::string words_only;
    words_only.clear();
    for (auto rest = query; !rest.empty();) {
      const auto token = next_token(rest);
      if (!token.empty() && !is_property_token(token)) (words_only += token) += ' ';
    }
    query = words_only;
  }
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
  query_as_name_.clear();
  for (const auto word : in_order_) {
    if (!query_as_name_.empty()) query_as_name_ += ' ';
    query_as_name_ += word;
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
  language_words_.locale = language_;
  english_words_.locale = english_;
  language_words_.numbered = english_words_.numbered = false;

  // Keywords hold the query when each word is whole and a word of
  // English's or the language's table; names hold a whole word when its
  // list holds them.
  word_lists_.clear();
  keywords_possible_ = !words_.empty();
  words_listed_ = !words_.empty() && reading == Reading::from_lists;
  for (const auto& w : words_) {
    WordLists lists;
    if (!w.prefix) {
      // A word written without spaces is a keyword of its own (🐈's 猫) in
      // the table's list of it, and never a word of a name, which is ASCII.
      if (!w.part) {
        lists.names = EntryListProbe(index.name_words().find(w.stem));
        lists.other = EntryListProbe(index.other_words().find(w.stem));
      }
      if (english_locale_) lists.english = EntryListProbe(english_locale_->words().find(w.stem));
      if (language_ && language_ != english_locale_) lists.language = EntryListProbe(language_->words().find(w.stem));
    }
    if (w.prefix || w.part) words_listed_ = false;
    keywords_possible_ = keywords_possible_ && !(lists.english.empty() && lists.language.empty());
    word_lists_.push_back(lists);
  }
  // Whether the query names a skin tone: a word of the English short name
  // of one of the five modifiers (medium-dark skin tone).
  tone_asked_ = std::any_of(words_.begin(), words_.end(), [&](const Word& w) {
    return std::any_of(tone_words_.begin(), tone_words_.end(), [&](std::string_view tone) {
      return w.prefix ? tone.starts_with(w.stem) : tone == w.stem;
    });
  });
  // The query as a shortcode: its words in order, `_` between them, in
  // lower case as the sets write them.
  shortcode_entries_ = {};
  if (!in_order_.empty() && in_order_.size() <= 8) {
    thread_local std::string shortcode;
    shortcode.assign(1, ':');
    for (const auto word : in_order_) {
      if (shortcode.size() > 1) shortcode += '_';
      for (const char c : word) shortcode += ascii::to_lower(c);
    }
    shortcode += ':';
    shortcode_entries_ = index.other_words().find(shortcode);
  }
}

bool RelevanceJudge::keywords_hold_every_word(EntryId id) {
  if (!keywords_possible_) return false;
  for (std::size_t i = 0; i < word_lists_.size(); ++i) {
    auto& lists = word_lists_[i];
    // A word written without spaces is in the list of every word it ends
    // (彗星's 星), and counts only where it is a keyword by itself.
    const bool part = words_[i].part;
    // A look in a list costs as a few bytes read.
    bytes_read_ += 8;
    if (lists.english.contains(id) &&
        (!part || english_locale_->is_whole_keyword(lists.english.list(), lists.english.at()))) {
      continue;
    }
    bytes_read_ += 8;
    if (!lists.language.contains(id) ||
        (part && !language_->is_whole_keyword(lists.language.list(), lists.language.at()))) {
      return false;
    }
  }
  return true;
}

RelevanceJudge::Listed RelevanceJudge::name_by_lists(EntryId id) {
  // A character's name's words are in the names' table; a control's (it
  // has none but its aliases) and aliases' in the other names'.
  bool named = true;
  for (auto& lists : word_lists_) {
    bytes_read_ += 8;
    if (lists.names.contains(id)) continue;
    named = false;
    bytes_read_ += 8;
    if (!lists.other.contains(id)) return Listed::lacks_one;
  }
  return named ? Listed::holds_all : Listed::unknown;
}

RelevanceJudge::Listed RelevanceJudge::sequence_name_by_lists(EntryId id) {
  // A sequence's folded name's words are in the other names' table, with
  // its shortcodes and emoticons, which hold a colon or a tab that no word
  // holds.
  for (auto& lists : word_lists_) {
    bytes_read_ += 8;
    if (!lists.other.contains(id)) return Listed::lacks_one;
  }
  return Listed::holds_all;
}

void RelevanceJudge::number(Numbered& numbered) const {
  numbered.numbered = true;
  numbered.words.clear();
  numbered.in_order.clear();
  if (numbered.locale == nullptr) return;
  const auto& table = numbered.locale->words();
  const auto number_of = [&](std::string_view word) {
    const auto at = table.index_of(word);
    return at ? static_cast<std::int64_t>(*at) : std::int64_t{-1};
  };
  for (const auto& w : words_) {
    Numbered::Word n{number_of(w.stem)};
    if (w.prefix) {
      const auto [first, last] = table.starting_with(w.stem);
      n.first = static_cast<std::uint32_t>(first);
      n.last = static_cast<std::uint32_t>(last);
    }
    numbered.words.push_back(n);
  }
  for (const auto word : in_order_) numbered.in_order.push_back(number_of(word));
}

RelevanceJudge::FieldMatch RelevanceJudge::match_numbered(std::span<const std::uint16_t> field,
                                                          Numbered& numbered) const {
  FieldMatch out;
  if (field.empty() || words_.empty()) return out;
  if (!numbered.numbered) number(numbered);
  bytes_read_ += field.size_bytes();
  std::array<WordMatch, max_words_per_query> best{};
  const auto count = std::min(words_.size(), best.size());
  bool exact = field.size() == in_order_.size();
  for (std::size_t at = 0; at < field.size(); ++at) {
    const std::int64_t f = field[at];
    exact = exact && numbered.in_order[at] == f;
    for (std::size_t i = 0; i < count; ++i) {
      const auto& w = words_[i];
      const auto& n = numbered.words[i];
      if (f == n.whole) {
        best[i] = WordMatch::whole;
      } else if (w.prefix && n.first <= f && f < n.last) {
        best[i] = std::max(best[i], WordMatch::part);
      }
    }
  }
  const auto first = best.begin(), last = best.begin() + static_cast<std::ptrdiff_t>(count);
  out.holds_all = std::all_of(first, last, [](WordMatch m) { return m != WordMatch::none; });
  out.whole = std::all_of(first, last, [](WordMatch m) { return m == WordMatch::whole; });
  out.exact = exact;
  out.left_over = left_over(static_cast<std::uint32_t>(std::min<std::size_t>(field.size(), 255)));
  return out;
}


RelevanceJudge::FieldMatch RelevanceJudge::match_folded(std::string_view text) const {
  FieldMatch out;
  if (text.empty() || words_.empty()) return out;
  bytes_read_ += text.size();
  // The best match of each query word (at most max_words_per_query), and
  // whether the field is the query's words in its order.
  std::array<WordMatch, max_words_per_query> best{};
  const auto count = std::min(words_.size(), best.size());
  std::size_t field_words = 0;
  bool exact = true;
  const char* const data = text.data();
  for (std::size_t begin = 0; begin <= text.size();) {
    auto end = begin;
    while (end < text.size() && data[end] != ' ') ++end;
    const std::string_view f(data + begin, end - begin);
    begin = end + 1;
    exact = exact && field_words < in_order_.size() && in_order_[field_words] == f;
    ++field_words;
    for (std::size_t i = 0; i < count; ++i) {
      const auto& w = words_[i];
      // Most field words differ from a query word in length or at once.
      if (f.size() == w.stem.size() && !f.empty() && f[0] == w.stem[0] && f == w.stem) {
        best[i] = WordMatch::whole;
      } else if (w.prefix && f.starts_with(w.stem)) {
        best[i] = std::max(best[i], WordMatch::part);
      }
    }
  }
  const auto first = best.begin(), last = best.begin() + static_cast<std::ptrdiff_t>(count);
  out.holds_all = std::all_of(first, last, [](WordMatch m) { return m != WordMatch::none; });
  out.whole = std::all_of(first, last, [](WordMatch m) { return m == WordMatch::whole; });
  out.exact = exact && field_words == in_order_.size();
  out.left_over = left_over(static_cast<std::uint32_t>(std::min<std::size_t>(field_words, 255)));
  return out;
}

RelevanceJudge::FieldMatch RelevanceJudge::match_name(EntryId id, std::uint32_t words) const {
  const auto name = index_->name(id);
  if (name.empty() || words_.empty()) return {};
  bytes_read_ += name.size();
  const auto separator = [name](std::size_t i) { return name[i] == ' ' || name[i] == '-'; };
  // Each query word looked for in the name, rather than the name taken
  // apart: a query has a word or two, a name several. A word of a script
  // written without spaces is never in a name, which is ASCII.
  bool whole = true;
  for (const auto& w : words_) {
    auto m = WordMatch::none;
    for (auto at = name.find(w.stem); at != std::string_view::npos && m != WordMatch::whole;
         at = name.find(w.stem, at + 1)) {
      if (at > 0 && !separator(at - 1)) continue;  // inside a word
      const auto end = at + w.stem.size();
      if (end == name.size() || separator(end)) {
        m = WordMatch::whole;
      } else if (w.prefix) {
        m = WordMatch::part;
      }
    }
    if (m == WordMatch::none) return {};
    whole = whole && m == WordMatch::whole;
  }
  return name_with_every_word(id, words, whole);
}

RelevanceJudge::FieldMatch RelevanceJudge::name_with_every_word(EntryId id, std::uint32_t words, bool whole) const {
  FieldMatch out;
  out.holds_all = true;
  out.whole = whole;
  out.exact = words == in_order_.size() && is_query(index_->name(id));
  out.left_over = left_over(words);
  return out;
}

bool RelevanceJudge::is_query(std::string_view name) const {
  // The name's words, split as the search splits a name, are the query's
  // in its order. A name as long as the query's words one space apart is
  // they, a hyphen for a space, or is not; a shorter one cannot be; a
  // longer one may be, separated twice (TIBETAN MARK -A), and is split.
  if (name.size() < query_as_name_.size()) return false;
  if (name.size() == query_as_name_.size()) {
    for (std::size_t at = 0; at < name.size(); ++at) {
      if ((name[at] == '-' ? ' ' : name[at]) != query_as_name_[at]) return false;
    }
    return true;
  }
  std::size_t i = 0, begin = 0;
  for (std::size_t end = 0; end <= name.size(); ++end) {
    if (end < name.size() && name[end] != ' ' && name[end] != '-') continue;
    if (end > begin && (i >= in_order_.size() || in_order_[i++] != name.substr(begin, end - begin))) return false;
    begin = end + 1;
  }
  return i == in_order_.size();
}

std::uint32_t RelevanceJudge::score(EntryId id) {
  // The fields, strongest first: what the query being all of one says.
  // Sequences are named as CLDR names them, in words to fold.
  std::uint32_t exact = is_shortcode(id) ? 2 : 0, least_left_over = 255;
  bool whole = false;
  bytes_read_ = 0;
  const auto weigh = [&](const FieldMatch& m, std::uint32_t whole_query_rank) {
    if (!m.holds_all) return;
    if (m.exact) exact = std::max(exact, whole_query_rank);
    if (m.left_over < least_left_over || (m.left_over == least_left_over && m.whole)) {
      least_left_over = std::min<std::uint32_t>(m.left_over, 254);
      whole = m.whole;
    }
  };
  if (language_) weigh(match_numbered(language_->folded_short_name(id, language_hint_), language_words_), 3);
  // A name is read only when its words' lists cannot tell: the query's
  // words in the name's order, or a prefix.
  const auto name_words = index_->name_word_count(id);
  if (id >= index_->single_count()) {
    const auto listed = words_listed_ ? sequence_name_by_lists(id) : Listed::unknown;
    if (listed == Listed::unknown || (listed == Listed::holds_all && name_words == in_order_.size())) {
      weigh(match_folded(index_->folded_sequence_name(id)), 2);
    } else if (listed == Listed::holds_all) {
      weigh(FieldMatch{.holds_all = true, .whole = true, .exact = false, .left_over = left_over(name_words)}, 2);
    }
  } else if (names_hold_every_word_) {
    weigh(name_with_every_word(id, name_words, true), name_rank(id));
  } else {
    const auto listed = words_listed_ ? name_by_lists(id) : Listed::unknown;
    if (listed == Listed::holds_all) {
      weigh(name_with_every_word(id, name_words, true), name_rank(id));
    } else if (listed == Listed::unknown) {
      weigh(match_name(id, name_words), name_rank(id));
    }
  }
  // The English short name, unless it cannot change the score: its words
  // less the query's are no fewer, nor is it the query.
  const auto english_words = index_->english_word_count(id);
  if (english_ && english_words > 0) {
    const auto fewest = left_over(english_words);
    if ((exact < 2 && english_words == in_order_.size()) || fewest < least_left_over ||
        (fewest == least_left_over && !whole)) {
      weigh(match_numbered(english_->folded_short_name(id, english_hint_), english_words_), 2);
    }
  }
  const bool keywords = keywords_hold_every_word(id);
  ++scored_;
  total_bytes_read_ += bytes_read_;
  return scored(exact, keywords, !tone_unasked(id), english_words > 0, least_left_over, whole);
}

}  // namespace mojifinder::query_detail
