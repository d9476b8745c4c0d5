#include "mojifinder/results.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "mojifinder/fold.hpp"
#include "mojifinder/render.hpp"
#include "mojifinder/utf8.hpp"

namespace mojifinder {

namespace {

std::string code_point_label(char32_t cp) {
  std::string label;
  append_code_point_label(label, cp);
  return label;
}

bool is_code_point_like(std::string_view token) noexcept {
  return token.size() >= 2 && (token[0] == 'U' || token[0] == 'u') && token[1] == '+';
}

struct Range {
  char32_t first = 0, last = 0;
};

// What start() and its helpers give back: an error, or nothing.
using MaybeError = std::optional<QueryError>;

QueryError malformed_query(std::string detail) { return {QueryError::Code::malformed, std::move(detail)}; }

// `U+` and one to six hex digits, in any case, at most U+10FFFF; the error
// naming what is wrong otherwise.
MaybeError parse_code_point(std::string_view text, char32_t& cp) {
  const auto digits = is_code_point_like(text) ? text.substr(2) : std::string_view{};
  const auto malformed = [&] {
    return malformed_query(std::string(text) + " is not a code point: U+ and 1 to 6 hex digits (U+1F600)");
  };
  if (digits.empty() || digits.size() > 6) return malformed();
  std::uint32_t value = 0;
  for (const char c : digits) {
    int digit = 0;
    if (c >= '0' && c <= '9') digit = c - '0';
    else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    else return malformed();
    value = value * 16 + static_cast<std::uint32_t>(digit);
  }
  if (value > utf8::max_code_point) return malformed_query(code_point_label(value) + " is past U+10FFFF");
  cp = static_cast<char32_t>(value);
  return std::nullopt;
}

// A token `U+XXXX` or `U+XXXX..U+YYYY`; the error naming what is wrong
// otherwise.
MaybeError parse_range(std::string_view token, Range& range) {
  if (!is_code_point_like(token)) {
    return malformed_query(std::string(token) + " is not a code point: a query of code points holds only "
                     "code points (U+1F600) and ranges (U+2600..U+260F)");
  }
  const auto dots = token.find("..");
  if (dots == std::string_view::npos) {
    if (auto error = parse_code_point(token, range.first)) return error;
    range.last = range.first;
    return std::nullopt;
  }
  const auto first = token.substr(0, dots);
  const auto last = token.substr(dots + 2);
  if (!is_code_point_like(last) || last.find('.') != std::string_view::npos) {
    return malformed_query(std::string(token) + " is not a range: U+XXXX..U+YYYY (U+2600..U+260F)");
  }
  if (auto error = parse_code_point(first, range.first)) return error;
  if (auto error = parse_code_point(last, range.last)) return error;
  if (range.first > range.last) {
    return malformed_query("the range " + code_point_label(range.first) + ".." + code_point_label(range.last) +
                     " runs backwards");
  }
  return std::nullopt;
}

// Steps it costs to reach one more word's list while gathering a term.
constexpr std::size_t list_steps = 16;

QueryError too_many_words() {
  return {QueryError::Code::too_many_words,
          "too many words (at most " + std::to_string(max_words_per_query) + " different ones in one query)"};
}

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

// Sorts `words` and drops repeats: a word twice asks nothing more.
void keep_distinct(std::vector<std::string_view>& words) {
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
}

}  // namespace

std::optional<QueryError> Results::take_properties(const NameIndex& index, std::string_view query, MatchCursor::Constraint& constraint,
                                     std::string& words_only) {
  words_only.clear();
  const auto value_of = [](std::string_view token, std::string_view key) -> std::optional<std::string_view> {
    if (token.size() < key.size()) return std::nullopt;
    for (std::size_t i = 0; i < key.size(); ++i) {
      const char c = token[i];
      if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != key[i]) return std::nullopt;
    }
    return token.substr(key.size());
  };
  for (auto rest = query;;) {
    const auto token = next_token(rest);
    if (token.empty()) break;
    if (const auto block = value_of(token, "block:")) {
      const auto entries = index.block_entries(*block);
      if (!entries) {
        return malformed_query("no block " + std::string(*block) +
                         ": a block's name as Blocks.txt gives it, any case, spaces as _ (block:arrows, "
                         "block:misc_technical)");
      }
      constraint.first = std::max(constraint.first, entries->first);
      constraint.last = std::max(constraint.first, std::min(constraint.last, entries->second));
    } else if (const auto category = value_of(token, "category:")) {
      const auto mask = index.category_mask(*category);
      if (!mask) {
        return malformed_query("no category " + std::string(*category) +
                         ": a General_Category, short or long (category:Sc, category:currency_symbol, category:L)");
      }
      // Two categories: what is in both. None is 0, which means any: an
      // impossible pair keeps an empty range instead.
      const auto both = constraint.categories == 0 ? *mask : constraint.categories & *mask;
      if (both == 0) constraint.last = constraint.first;
      constraint.categories = both == 0 ? *mask : both;
    } else {
      (words_only += token) += ' ';
    }
  }
  return std::nullopt;
}

Results::Extra& Results::extra() {
  if (!extra_) extra_ = std::make_unique<Extra>();
  return *extra_;
}

std::size_t Results::held_bytes() const noexcept {
  if (!extra_) return 0;
  return extra_->filter.bytes() + extra_->term.bytes() + extra_->text.capacity() +
         extra_->lists.capacity() * sizeof(extra_->lists[0]) + extra_->terms.capacity() * sizeof(Term);
}

std::optional<QueryError> Results::start(const NameIndex& index, std::string_view query,
                                         const NameIndex::Locale* language) {
  index_ = &index;
  language_ = language;
  produced_ = 0;
  aliased_ = {};
  has_cursor_head_ = false;
  fall_back_pending_ = identify_pending_ = false;
  if (extra_) {
    auto& e = *extra_;
    e.lists.clear();
    e.terms.clear();
    e.text.clear();
    e.term_at = e.list_at = e.entry_at = e.text_at = 0;
    e.term_begun = false;
  }
  // `block:NAME` and `category:X` narrow what the words find; the rest of
  // the query is its words.
  MatchCursor::Constraint constraint;
  constraint.index = &index;
  if (query.find(':') != std::string_view::npos) {
    thread_local std::string words_only;
    if (auto error = take_properties(index, query, constraint, words_only)) return error;
    if (constraint.any()) query = words_only;
  }
  cursor_.constrain(constraint);
  const bool to_identify = holds_characters_to_identify(query) && !constraint.any();
  if (to_identify && language == nullptr) {
    start_identify(query);
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
  if (language != nullptr) {
    // Names and the language's words, folded; then what the fallbacks add.
    thread_local FoldedWords folded;
    folded.split(query);
    sorted.assign(folded.words().begin(), folded.words().end());
    extra().text.assign(query);
    if (auto error = start_terms(sorted, {&index.name_words(), &language->words(), nullptr})) return error;
    fall_back_pending_ = true;
    identify_pending_ = to_identify;
    if (stage_ == Stage::done) end_stage(0);
    return std::nullopt;
  }
  // The words are needed only until the terms have their entry lists.
  thread_local WordList split;
  split.split(query);
  auto words = split.words();
  // Sorted copies only where they are needed: prefixes, and many words.
  if (std::any_of(words.begin(), words.end(), [](auto w) { return w.ends_with('*'); })) {
    sorted.assign(words.begin(), words.end());
    extra().text.assign(query);
    if (auto error = start_terms(sorted, {&index.name_words(), nullptr, nullptr})) return error;
    fall_back_pending_ = true;
    if (stage_ == Stage::done) end_stage(0);
    return std::nullopt;
  }
  // The same word twice asks nothing more (the cursor takes a list once):
  // only a query of many words needs them counted.
  if (words.size() > max_words_per_query) {
    sorted.assign(words.begin(), words.end());
    keep_distinct(sorted);
    if (sorted.size() > max_words_per_query) return too_many_words();
  }
  // A whole alias is looked up with the words in the order given.
  thread_local std::string whole_alias;
  whole_alias.clear();
  for (const auto word : words) (whole_alias += ' ') += word;
  // A block or category narrows the cursor's matches; the alias's would
  // pass around it.
  if (!constraint.any()) aliased_ = index.entries_with_whole_alias(whole_alias);
  start_words(index, query, words);
  return std::nullopt;
}

void Results::start_words(const NameIndex& index, std::string_view query, std::span<const std::string_view> words) {
  // First the original's answer, streamed straight from the index.
  cursor_.start(index, words);
  stage_ = Stage::names;
  // A query that is an alias (ZWJ, NUL, LINE FEED) finds its characters
  // beside what names find, merged as they go; it needs no fallback.
  if (!aliased_.empty()) return;
  // Whether names find anything: the first match, kept for next(). The
  // look is bounded; a query whose first match lies further keeps its text
  // to fall back on, should names find nothing after all.
  std::size_t work = work_per_call;
  has_cursor_head_ = cursor_.next(std::span(&cursor_head_, 1), work) == 1;
  if (has_cursor_head_) return;
  extra().text.assign(query);
  fall_back_pending_ = true;
  if (cursor_.done()) end_stage(0);
}

void Results::fall_back(const NameIndex& index, std::string_view query) {
  // Names found nothing: the folded words of aliases and emoji sequence
  // names (kept for last, since FACE, HEART and CAT are everywhere in
  // names and sequences would crowd the original's answers), and the
  // keywords of the language, or else of English.
  auto& e = extra();
  e.lists.clear();
  e.terms.clear();
  const auto* keywords = language_ != nullptr ? language_ : index.find_locale("en");
  thread_local FoldedWords folded;
  folded.split(query);
  thread_local std::vector<std::string_view> words;
  words.assign(folded.words().begin(), folded.words().end());
  // The query was checked before; an error now (too many words once
  // punctuation splits them) finds nothing.
  if (start_terms(words, {&index.name_words(), &index.other_words(), keywords ? &keywords->words() : nullptr})) {
    stage_ = Stage::done;
  }
}

std::optional<QueryError> Results::start_terms(std::vector<std::string_view>& words, const Tables& tables) {
  for (const auto word : words) {
    const auto star = word.find('*');
    if (star != std::string_view::npos && (star == 0 || star + 1 != word.size())) {
      return malformed_query("a prefix is letters or digits followed by one * (smil*)");
    }
  }
  // Sorted, a prefix comes just before the words and longer prefixes it
  // begins.
  keep_distinct(words);
  const auto distinct = words.size();
  if (distinct > max_words_per_query) return too_many_words();
  auto& e = extra();
  e.lists.clear();
  e.terms.clear();
  e.term_at = e.list_at = e.entry_at = 0;
  e.term_begun = false;
  stage_ = Stage::done;  // until every word is known to match something
  for (std::size_t i = 0; i < distinct; ++i) {
    const auto word = words[i];
    // A prefix that another word or prefix of the query begins adds
    // nothing: every entry that one matches, it matches. What is left are
    // prefixes of which none begins another, so their words are disjoint
    // and gathering them all looks at each word of the index once at most.
    if (word.ends_with('*') && i + 1 < distinct && words[i + 1].starts_with(word.substr(0, word.size() - 1))) {
      continue;
    }
    if (!add_word(word, tables)) return std::nullopt;
  }
  start_matching();
  return std::nullopt;
}

bool Results::add_word(std::string_view word, const Tables& tables) {
  auto& e = *extra_;
  // A word of a script written without spaces finds any part of a keyword:
  // the language's table holds every suffix of such words, so it is looked
  // up as a prefix.
  const bool prefix = word.ends_with('*') || is_written_without_spaces(word);
  if (word.ends_with('*')) word.remove_suffix(1);
  Term term;
  std::size_t lists = 0, ranges = 0;
  for (const auto* table : tables) {
    if (table == nullptr) continue;
    if (!prefix) {
      if (const auto list = table->find(word); !list.empty()) term.lists[lists++] = list;
      continue;
    }
    const auto [first, last] = table->starting_with(word);
    if (last - first == 1) {
      term.lists[lists++] = table->entries_of(first);
    } else if (last > first) {
      term.ranges[ranges++] = {table, first, last};
    }
  }
  if (lists == 0 && ranges == 0) return false;
  if (ranges == 0) {
    e.lists.push_back({term.lists});
  } else {
    e.terms.push_back(term);
  }
  return true;
}

std::size_t Results::Term::list_count() const noexcept {
  std::size_t count = lists.size();
  for (const auto& range : ranges) count += range.last - range.first;
  return count;
}

std::span<const EntryId> Results::Term::list(std::size_t index) const noexcept {
  if (index < lists.size()) return lists[index];
  index -= lists.size();
  for (const auto& range : ranges) {
    if (index < range.last - range.first) return range.table->entries_of(range.first + index);
    index -= range.last - range.first;
  }
  return {};
}

void Results::start_matching() {
  auto& e = *extra_;
  stage_ = e.terms.empty() ? Stage::matching : Stage::gathering;
  if (stage_ == Stage::matching) cursor_.start(std::span<const MatchCursor::Union>(e.lists));
}

void Results::end_stage(std::size_t given) {
  stage_ = Stage::done;
  if (given != 0 || !extra_) return;
  if (fall_back_pending_) {
    fall_back_pending_ = false;
    fall_back(*index_, extra_->text);
    if (stage_ != Stage::done) return;
  }
  if (identify_pending_) {
    identify_pending_ = false;
    start_identify(extra_->text);
  }
}

bool Results::gather(const NameIndex& index, std::size_t& work) {
  auto& e = *extra_;
  while (e.term_at < e.terms.size()) {
    const auto& term = e.terms[e.term_at];
    auto& into = e.term_at == 0 ? e.filter : e.term;
    if (!e.term_begun) {
      into.reset(index.size());
      work -= std::min(work, into.blocks());
      e.term_begun = true;
    }
    for (; e.list_at < term.list_count(); ++e.list_at, e.entry_at = 0) {
      if (work == 0) return false;
      const auto list = term.list(e.list_at);
      // Finding a word's list costs cache misses whatever its length.
      if (e.entry_at == 0) work -= std::min(work, list_steps);
      // At least one entry a call, however little work is left: every call
      // gets somewhere.
      const auto n = std::min(std::max<std::size_t>(work, 1), list.size() - e.entry_at);
      for (const auto id : list.subspan(e.entry_at, n)) into.insert(id);
      e.entry_at += n;
      work -= std::min(work, n);
      if (e.entry_at < list.size()) return false;  // the work ran out in this list
    }
    e.list_at = e.entry_at = 0;
    e.term_begun = false;
    ++e.term_at;
    if (&into != &e.filter) {
      e.filter.intersect(e.term);
      work -= std::min(work, e.filter.blocks());
    }
  }
  e.term.release();
  cursor_.start(std::span<const MatchCursor::Union>(e.lists), &e.filter);
  return true;
}

std::size_t Results::next_by_name(std::span<Result> out, std::size_t& work) {
  std::size_t written = 0;
  if (aliased_.empty()) {
    // The common case: the cursor's matches, after the one taken to see
    // whether there was any.
    if (has_cursor_head_ && !out.empty()) {
      out[written++] = cursor_head_;
      has_cursor_head_ = false;
    }
    written += cursor_.next(out.subspan(written), work);
  } else {
    // Merged with the alias's characters, one at a time (there are few).
    while (written < out.size()) {
      if (!has_cursor_head_ && !cursor_.done()) {
        has_cursor_head_ = cursor_.next(std::span(&cursor_head_, 1), work) == 1;
        if (!has_cursor_head_ && !cursor_.done()) break;  // the work ran out
      }
      if (!has_cursor_head_ && aliased_.empty()) break;
      if (aliased_.empty() || (has_cursor_head_ && cursor_head_ <= aliased_.front())) {
        if (!aliased_.empty() && cursor_head_ == aliased_.front()) aliased_ = aliased_.subspan(1);
        out[written++] = cursor_head_;
        has_cursor_head_ = false;
      } else {
        out[written++] = aliased_.front();
        aliased_ = aliased_.subspan(1);
      }
    }
  }
  if (cursor_.done() && !has_cursor_head_ && aliased_.empty()) end_stage(produced_ + written);
  return written;
}

std::size_t Results::next(std::span<Result> out, std::size_t& work) {
  std::size_t written = 0;
  while (written < out.size() && work > 0 && stage_ != Stage::done) {
    switch (stage_) {
      case Stage::names:
        written += next_by_name(out.subspan(written), work);
        break;
      case Stage::gathering:
        if (gather(*index_, work)) stage_ = Stage::matching;
        break;
      case Stage::matching: {
        const auto n = cursor_.next(out.subspan(written), work);
        written += n;
        if (cursor_.done()) end_stage(produced_ + written);
        break;
      }
      case Stage::listing:
        written += next_listed(*index_, out.subspan(written), work);
        break;
      case Stage::done:
        break;
    }
  }
  produced_ += written;
  return written;
}

void Results::start_identify(std::string_view query) {
  auto& e = extra();
  if (query.data() != e.text.data()) e.text.assign(query);
  e.text_at = 0;
  e.code_points = false;
  stage_ = Stage::listing;
}

std::optional<QueryError> Results::start_code_points(std::string_view query) {
  std::size_t count = 0;
  for (auto rest = query; !rest.empty();) {
    const auto token = next_token(rest);
    if (token.empty()) break;
    Range range;
    if (auto error = parse_range(token, range)) return error;
    count += range.last - range.first + 1;
    if (count > max_code_points_per_query) {
      return QueryError{QueryError::Code::too_many_code_points,
                        "too many code points (at most " + std::to_string(max_code_points_per_query) +
                            " in one query)"};
    }
  }
  auto& e = extra();
  e.text.assign(query);
  e.code_points = true;
  e.range_next = 1;
  e.range_last = 0;  // no range begun
  stage_ = Stage::listing;
  return std::nullopt;
}

std::size_t Results::next_listed(const NameIndex& index, std::span<Result> out, std::size_t& work) {
  auto& e = *extra_;
  const auto list = [&](char32_t cp) {
    const auto id = index.find(cp);
    return id ? *id : (unnamed_result | cp);
  };
  std::size_t written = 0;
  while (written < out.size() && work > 0) {
    --work;
    if (e.code_points && e.range_next <= e.range_last) {
      out[written++] = list(e.range_next++);
      continue;
    }
    std::string_view rest = std::string_view(e.text).substr(e.text_at);
    if (e.code_points) {
      const auto token = next_token(rest);
      e.text_at = e.text.size() - rest.size();
      if (token.empty()) break;
      Range range;
      parse_range(token, range);  // checked by start_code_points()
      e.range_next = range.first;
      e.range_last = range.last;
      continue;
    }
    const auto decoded = utf8::decode(rest);
    if (!decoded) break;  // the end (the text was checked)
    out[written++] = list(decoded->code_point);
    e.text_at += decoded->length;
  }
  if (e.text_at == e.text.size() && !(e.code_points && e.range_next <= e.range_last)) stage_ = Stage::done;
  return written;
}

}  // namespace mojifinder
