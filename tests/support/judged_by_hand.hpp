// The hand-written judged set (tests/judged/by_hand.tsv): queries as people
// type them, each with the character meant and those a person would take
// as well. Shared by the tests, which hold relevance order to its targets,
// and scripts/bench relevance, which prints every kind beside the
// data-drawn set (judged_set.hpp).
#pragma once

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "mojifinder/index/name_index.hpp"
#include "mojifinder/query/ranked_results.hpp"
#include "mojifinder/text/utf8.hpp"

namespace mojifinder::test {

using CodePoints = std::vector<char32_t>;

struct HandJudgedCase {
  std::string kind;
  std::string language;  // the page's lang=, or empty
  std::string query;
  std::vector<CodePoints> accepted;  // the character meant first
  std::size_t line = 0;
};

namespace by_hand_detail {

inline std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> out;
  for (std::size_t from = 0;;) {
    const auto at = text.find(separator, from);
    out.emplace_back(text.substr(from, at - from));
    if (at == std::string_view::npos) return out;
    from = at + 1;
  }
}

// Code points without variation selectors: ❤ and ❤️ are one character to
// a person choosing it.
inline CodePoints without_selectors(CodePoints points) {
  std::erase_if(points, [](char32_t c) { return c == U'\uFE0F' || c == U'\uFE0E'; });
  return points;
}

// `❤`, `🐈‍⬛` or `U+1F408+200D+2B1B`.
inline CodePoints parse_character(const std::string& token) {
  CodePoints points;
  if (token.starts_with("U+")) {
    for (const auto& hex : split(std::string_view(token).substr(2), '+')) {
      unsigned value = 0;
      const auto [end, error] = std::from_chars(hex.data(), hex.data() + hex.size(), value, 16);
      if (error != std::errc() || end != hex.data() + hex.size()) throw std::runtime_error("not a code point: " + token);
      points.push_back(static_cast<char32_t>(value));
    }
  } else {
    for (std::size_t at = 0; at < token.size();) {
      const auto one = utf8::decode(std::string_view(token).substr(at));
      if (!one) throw std::runtime_error("not UTF-8: " + token);
      points.push_back(one->code_point);
      at += one->length;
    }
  }
  return without_selectors(std::move(points));
}

}  // namespace by_hand_detail

inline std::vector<HandJudgedCase> hand_judged_cases(const std::string& path) {
  using namespace by_hand_detail;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<HandJudgedCase> out;
  std::string text;
  for (std::size_t line = 1; std::getline(in, text); ++line) {
    if (text.empty() || text.starts_with('#')) continue;
    const auto fields = split(text, '\t');
    if (fields.size() != 4 || fields[0].empty() || fields[2].empty() || fields[3].empty()) {
      throw std::runtime_error(path + ":" + std::to_string(line) + ": not four fields");
    }
    HandJudgedCase c{fields[0], fields[1], fields[2], {}, line};
    for (const auto& token : split(fields[3], ' ')) {
      if (!token.empty()) c.accepted.push_back(parse_character(token));
    }
    out.push_back(std::move(c));
  }
  return out;
}

// The characters of an index entry, as the set writes them.
inline CodePoints entry_characters(const NameIndex& index, EntryId id) {
  const auto points = index.code_points_of(id);
  return by_hand_detail::without_selectors(CodePoints(points.begin(), points.end()));
}

// Whether the index holds the character: a set written for newer data
// than the index's leaves it out.
inline bool index_holds(const NameIndex& index, const CodePoints& character) {
  if (character.size() == 1) return index.find(character[0]).has_value();
  for (auto id = static_cast<EntryId>(index.single_count()); id < index.size(); ++id) {
    if (entry_characters(index, id) == character) return true;
  }
  return false;
}

// Where the first accepted character stands among the first `depth`
// results of the query in `order` and `language` (null for none): 0 for
// first, `depth` when none is there or the query is refused.
inline std::size_t hand_judged_rank(const NameIndex& index, const HandJudgedCase& c, const NameIndex::Locale* language,
                                    Order order, std::size_t depth = 5) {
  RankedResults results;
  if (results.start(index, c.query, language, order, depth)) return depth;
  std::vector<Result> first(depth);
  std::size_t n = 0;
  while (n < depth && !results.done()) n += results.next(std::span(first).subspan(n));
  for (std::size_t i = 0; i < n; ++i) {
    const auto characters = entry_characters(index, first[i]);
    if (std::find(c.accepted.begin(), c.accepted.end(), characters) != c.accepted.end()) return i;
  }
  return depth;
}

}  // namespace mojifinder::test
