#include "mojifinder/results.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <iterator>
#include <optional>

#include "mojifinder/render.hpp"
#include "mojifinder/utf8.hpp"

namespace mojifinder {

namespace {

std::string code_point_label(char32_t cp) {
  std::string label;
  append_code_point_label(label, cp);
  return label;
}

// `U+` and one to six hex digits, in any case; nullopt for anything else.
// Values past U+10FFFF are returned as they are, for the caller to refuse.
std::optional<char32_t> parse_code_point(std::string_view text) {
  if (text.size() < 3 || text.size() > 8 || (text[0] != 'U' && text[0] != 'u') || text[1] != '+') return std::nullopt;
  char32_t value = 0;
  for (const char c : text.substr(2)) {
    int digit = 0;
    if (c >= '0' && c <= '9') digit = c - '0';
    else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    else return std::nullopt;
    value = value * 16 + static_cast<char32_t>(digit);
  }
  return value;
}

struct Range {
  char32_t first, last;
};

// A token `U+XXXX` or `U+XXXX..U+YYYY`; nullopt when it is neither.
std::optional<Range> parse_range(std::string_view token) {
  const auto dots = token.find("..");
  if (dots == std::string_view::npos) {
    const auto cp = parse_code_point(token);
    if (!cp) return std::nullopt;
    return Range{*cp, *cp};
  }
  const auto first = parse_code_point(token.substr(0, dots));
  const auto last = parse_code_point(token.substr(dots + 2));
  if (!first || !last) return std::nullopt;
  return Range{*first, *last};
}

// The query's tokens, split at ASCII white space (a query of code points
// is ASCII: anything else would be identified instead).
std::vector<std::string_view> tokens(std::string_view text) {
  std::vector<std::string_view> out;
  constexpr std::string_view space = " \t\v\f\r\n\x1C\x1D\x1E\x1F";
  while (!text.empty()) {
    const auto start = text.find_first_not_of(space);
    if (start == std::string_view::npos) break;
    text.remove_prefix(start);
    const auto end = std::min(text.find_first_of(space), text.size());
    out.push_back(text.substr(0, end));
    text.remove_prefix(end);
  }
  return out;
}

// True when the text holds a character beyond ASCII that is not white
// space: such a line names no character (names are ASCII), so it is taken
// as characters to identify.
bool holds_characters_to_identify(std::string_view text) {
  if (std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) return false;
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

}  // namespace

Results::Extra& Results::extra() {
  if (!extra_) extra_ = std::make_unique<Extra>();
  return *extra_;
}

std::vector<EntryId>& Results::merged_list(std::size_t index) {
  auto& lists = extra().merged;
  if (index == lists.size()) lists.emplace_back();
  lists[index].clear();
  return lists[index];
}

std::size_t Results::produced() const noexcept {
  if (extra_ && extra_->listing) return extra_->listed_at;
  return cursor_.produced() - (has_first_ ? 1 : 0);  // the kept first result is not given yet
}

std::string Results::start(const NameIndex& index, std::string_view query) {
  has_first_ = false;
  if (extra_) {
    extra_->listing = false;
    extra_->listed.clear();
    extra_->listed_at = 0;
  }
  if (holds_characters_to_identify(query)) {
    start_identify(index, query);
    return {};
  }
  // Only a query that starts with `U+` can be one of code points.
  if (query.size() > 2 && (query[0] == 'U' || query[0] == 'u') && query[1] == '+') {
    const auto parts = tokens(query);
    if (std::all_of(parts.begin(), parts.end(), [](auto t) { return parse_range(t).has_value(); })) {
      return start_code_points(index, query);
    }
  }
  // The words are needed only until the cursor has their entry lists.
  thread_local WordList words;
  words.split(query);
  const auto all = words.words();
  if (std::any_of(all.begin(), all.end(), [](auto w) { return w.ends_with('*'); })) {
    return start_with_prefixes(index, words);
  }
  start_words(index, words);
  return {};
}

void Results::start_words(const NameIndex& index, const WordList& words) {
  // First the original's answer, streamed straight from the index.
  cursor_.start(index, words);
  // A query that is an alias (ZWJ, NUL, LINE FEED) finds its characters
  // too: the index keys a whole alias by its words after a space, which no
  // query word holds.
  thread_local std::string whole_alias;
  whole_alias.clear();
  for (const auto word : words.words()) (whole_alias += ' ') += word;
  const auto aliased = index.entries_with_whole_alias(whole_alias);
  if (!aliased.empty()) {
    auto& e = extra();
    std::vector<Result> by_name;
    std::array<Result, 1024> batch;
    while (const auto n = cursor_.next(batch)) by_name.insert(by_name.end(), batch.begin(), batch.begin() + n);
    std::set_union(by_name.begin(), by_name.end(), aliased.begin(), aliased.end(), std::back_inserter(e.listed));
    e.listing = true;
    return;
  }
  // Whether names find anything: the first result, kept for next().
  has_first_ = cursor_.next(std::span(&first_, 1)) == 1;
  if (has_first_) return;
  // Nothing: aliases word by word, and emoji sequences by the words of
  // their names (kept for last, since FACE, HEART and CAT are everywhere
  // in names and sequences would crowd the original's answers).
  auto& lists = extra().lists;
  lists.clear();
  std::size_t used = 0;
  for (const auto word : words.words()) {
    const auto by_name = index.entries_with(word);
    const auto by_other = index.entries_with_other_name(word);
    if (by_name.empty() || by_other.empty()) {
      lists.push_back(by_name.empty() ? by_other : by_name);
      continue;
    }
    auto& merged = merged_list(used++);
    std::set_union(by_name.begin(), by_name.end(), by_other.begin(), by_other.end(), std::back_inserter(merged));
    lists.push_back(merged);
  }
  cursor_.start(lists);
}

std::string Results::start_with_prefixes(const NameIndex& index, const WordList& words) {
  auto& lists = extra().lists;
  lists.clear();
  std::size_t used = 0;
  for (auto word : words.words()) {
    if (!word.ends_with('*')) {
      lists.push_back(index.entries_with(word));
      continue;
    }
    word.remove_suffix(1);
    if (word.empty() || word.find('*') != std::string_view::npos) {
      return "error: a prefix is letters or digits followed by one * (smil*)";
    }
    const auto [first, last] = index.words_starting_with(word);
    if (last - first == 1) {
      lists.push_back(index.entries_of_word(first));
      continue;
    }
    // The entries of every word the prefix begins, merged through a bitmap
    // of the whole index: linear in their number, whatever their order.
    auto& merged = merged_list(used++);
    std::vector<std::uint64_t> seen((index.size() + 63) / 64);
    for (std::size_t w = first; w < last; ++w) {
      for (const auto id : index.entries_of_word(w)) seen[id / 64] |= std::uint64_t{1} << (id % 64);
    }
    for (std::size_t block = 0; block < seen.size(); ++block) {
      for (auto bits = seen[block]; bits != 0; bits &= bits - 1) {
        merged.push_back(static_cast<EntryId>(block * 64 + static_cast<std::size_t>(std::countr_zero(bits))));
      }
    }
    lists.push_back(merged);
  }
  cursor_.start(lists);
  return {};
}

void Results::list(const NameIndex& index, char32_t cp) {
  const auto id = index.find(cp);
  extra_->listed.push_back(id ? *id : (unnamed_result | cp));
}

void Results::start_identify(const NameIndex& index, std::string_view query) {
  extra().listing = true;
  for (auto rest = query; !rest.empty();) {
    const auto decoded = utf8::decode(rest);
    if (!decoded) break;  // checked before: cannot happen
    list(index, decoded->code_point);
    rest.remove_prefix(decoded->length);
  }
}

std::string Results::start_code_points(const NameIndex& index, std::string_view query) {
  std::vector<Range> ranges;
  std::size_t count = 0;
  for (const auto token : tokens(query)) {
    const auto range = *parse_range(token);
    for (const auto cp : {range.first, range.last}) {
      if (cp > utf8::max_code_point) return "error: " + code_point_label(cp) + " is past U+10FFFF";
    }
    if (range.first > range.last) {
      return "error: the range " + code_point_label(range.first) + ".." + code_point_label(range.last) +
             " runs backwards";
    }
    count += range.last - range.first + 1;
    if (count > max_code_points_per_query) {
      return "error: too many code points (at most " + std::to_string(max_code_points_per_query) +
             " in one query)";
    }
    ranges.push_back(range);
  }
  extra().listing = true;
  for (const auto range : ranges) {
    for (char32_t cp = range.first; cp <= range.last; ++cp) list(index, cp);
  }
  return {};
}

std::size_t Results::next(std::span<Result> out) {
  if (!extra_ || !extra_->listing) {
    if (!has_first_ || out.empty()) return cursor_.next(out);
    // The result found when looking whether there was any.
    has_first_ = false;
    out[0] = first_;
    return 1 + cursor_.next(out.subspan(1));
  }
  auto& listed = extra_->listed;
  auto& listed_at = extra_->listed_at;
  const auto n = std::min(out.size(), listed.size() - listed_at);
  std::copy_n(listed.begin() + static_cast<std::ptrdiff_t>(listed_at), n, out.begin());
  listed_at += n;
  return n;
}

std::vector<Result> find_all(const NameIndex& index, std::string_view query, std::string& error) {
  Results results;
  error = results.start(index, query);
  std::vector<Result> all;
  if (!error.empty()) return all;
  std::array<Result, 1024> batch;
  while (const auto n = results.next(batch)) all.insert(all.end(), batch.begin(), batch.begin() + n);
  return all;
}

}  // namespace mojifinder
