// A judged set of queries for relevance: cases drawn from the data, each a
// query a person would type for one character and that character. Shared
// by the tests (which hold the kinds built so far to their targets) and
// scripts/bench relevance (which prints every kind, both orders).
#pragma once

#include <algorithm>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "mojifinder/index/name_index.hpp"
#include "mojifinder/query/ranked_results.hpp"
#include "mojifinder/text/fold.hpp"
#include "mojifinder/text/utf8.hpp"
#include "mojifinder/text/words.hpp"

namespace mojifinder::test {

struct JudgedCase {
  std::string kind;
  std::string query;
  const NameIndex::Locale* language = nullptr;
  EntryId expected = 0;
};

namespace judged_detail {

// Folded words, lower case, spaces between: what a person types without
// accents.
inline std::string typed_without_accents(std::string_view text) {
  std::string out;
  for (const auto& word : fold_words(text)) {
    if (!out.empty()) out += ' ';
    for (const char c : word) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

// Letters keyboards lack, spelled out as people type them.
inline std::string spelled_out(std::string text) {
  static const std::pair<const char*, const char*> ligatures[] = {
      {"\xC5\x93", "oe"}, {"\xC5\x92", "OE"}, {"\xC3\xA6", "ae"}, {"\xC3\x86", "AE"}, {"\xC3\x9F", "ss"},
      {"\xC3\xB8", "o"},  {"\xC3\x98", "O"},  {"\xC5\x82", "l"},  {"\xC5\x81", "L"},  {"\xC4\x91", "d"}};
  for (const auto& [from, to] : ligatures) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at)) text.replace(at, std::string_view(from).size(), to);
  }
  return text;
}

inline bool has_ligature(std::string_view text) { return spelled_out(std::string(text)) != text; }

}  // namespace judged_detail

// At most `per_kind` cases of each kind, spread over the index.
inline std::vector<JudgedCase> judged_cases(const NameIndex& index, std::size_t per_kind = 300) {
  using namespace judged_detail;
  std::map<std::string, std::vector<JudgedCase>> by_kind;
  const auto add = [&](JudgedCase c) { by_kind[c.kind].push_back(std::move(c)); };

  // Short names in five languages, as written, without accents, with
  // ligatures spelled out: those no other entry of the language shares.
  // A short name of one character (蚊 for 🦟 in ja) is left out: pasted
  // alone, that character is itself the first result, whatever the
  // language (results.hpp), and its emoji the second.
  for (const auto* code : {"fr", "de", "es", "pt", "ja"}) {
    const auto* language = index.find_locale(code);
    if (language == nullptr) continue;
    std::map<std::string, int> uses;
    for (EntryId id = 0; id < index.size(); ++id) {
      if (const auto name = language->short_name(id); !name.empty()) ++uses[typed_without_accents(name)];
    }
    for (EntryId id = 0; id < index.size(); ++id) {
      const std::string name(language->short_name(id));
      if (name.empty() || uses[typed_without_accents(name)] != 1) continue;
      if (const auto one = utf8::decode(name); one && one->length == name.size()) continue;
      add({"short name", name, language, id});
      if (!utf8::is_ascii(name) && std::string(code) != "ja") add({"without accents", typed_without_accents(name), language, id});
      if (has_ligature(name)) add({"ligatures spelled out", spelled_out(name), language, id});
    }
  }
  // English one-word names that other names hold too (fire, cat), and the
  // same with one letter dropped or two swapped: those that are no other
  // entry's English short name or shortcode, which are as whole a match
  // (HOUSE is ⌂, and 🏠's short name).
  std::map<std::string, std::vector<EntryId>> whole_of;
  if (const auto* english = index.find_locale("en")) {
    for (EntryId id = 0; id < index.size(); ++id) {
      if (const auto name = english->short_name(id); !name.empty()) whole_of[typed_without_accents(name)].push_back(id);
    }
  }
  for (auto [first, last] = index.other_words().starting_with(":"); first < last; ++first) {
    const auto code = index.other_words().word(first);
    if (code.size() <= 2 || code.back() != ':') continue;
    const auto entries = index.other_words().entries_of(first);
    auto& of = whole_of[std::string(code.substr(1, code.size() - 2))];
    of.insert(of.end(), entries.begin(), entries.end());
  }
  const auto whole_elsewhere = [&](const std::string& word, EntryId id) {
    const auto it = whole_of.find(word);
    return it != whole_of.end() && std::any_of(it->second.begin(), it->second.end(), [id](EntryId e) { return e != id; });
  };
  for (EntryId id = 0; id < index.single_count(); ++id) {
    const std::string name(index.name(id));
    if (name.find_first_of(" -") != std::string::npos || index.name_words().find(name).size() < 3) continue;
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; });
    if (whole_elsewhere(lower, id)) continue;
    add({"one word many names hold", lower, nullptr, id});
    if (lower.size() >= 5) {
      // A slip that is a word of another language's keywords (`bulet` is
      // Basque) is that language's word, searched in it before any typo
      // is guessed at (results.hpp): no slip to judge.
      const auto a_language_word = [&](const std::string& typed) {
        std::string upper = typed;
        for (auto& c : upper) c = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        return std::any_of(index.locales().begin(), index.locales().end(),
                           [&](const NameIndex::Locale& l) {
                             const auto code = l.code();
                             const bool english = code == "en" || code.starts_with("en_");
                             return !english && !l.words().find(upper).empty();
                           });
      };
      auto dropped = lower;
      dropped.erase(dropped.size() / 2, 1);
      if (!a_language_word(dropped)) add({"one letter dropped", dropped, nullptr, id});
      auto swapped = lower;
      std::swap(swapped[swapped.size() / 2], swapped[swapped.size() / 2 - 1]);
      if (swapped != lower && !a_language_word(swapped)) add({"two letters swapped", swapped, nullptr, id});
    }
  }
  // Emoji sequences pasted whole.
  for (EntryId id = static_cast<EntryId>(index.single_count()); id < index.size(); ++id) {
    std::string text;
    for (const auto cp : index.code_points_of(id)) utf8::append(text, cp);
    add({"pasted sequence", text, nullptr, id});
  }

  // Shortcodes (`:tada:`), as other names hold them between colons: those
  // of one emoji.
  const auto& others = index.other_words();
  for (auto [first, last] = others.starting_with(":"); first < last; ++first) {
    if (const auto entries = others.entries_of(first); entries.size() == 1) {
      add({"shortcode", std::string(others.word(first)), nullptr, entries[0]});
    }
  }

  std::vector<JudgedCase> out;
  for (auto& [kind, cases] : by_kind) {
    const auto step = std::max<std::size_t>(1, cases.size() / per_kind);
    for (std::size_t i = 0; i < cases.size() && i / step < per_kind; i += step) out.push_back(cases[i]);
  }
  return out;
}

// Where the expected character stands among the first `depth` results of
// the case's query in `order`: 0 for first, `depth` when it is not there
// (or the query is refused).
inline std::size_t judged_rank(const NameIndex& index, const JudgedCase& c, Order order, std::size_t depth = 5) {
  RankedResults results;
  if (results.start(index, c.query, c.language, order, depth)) return depth;
  std::vector<Result> first(depth);
  std::size_t n = 0;
  while (n < depth && !results.done()) n += results.next(std::span(first).subspan(n));
  const auto end = first.begin() + static_cast<std::ptrdiff_t>(n);
  const auto at = std::find(first.begin(), end, c.expected);
  return at == end ? depth : static_cast<std::size_t>(at - first.begin());
}

}  // namespace mojifinder::test
