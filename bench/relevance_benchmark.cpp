// The judged sets asked in relevance order and in code point order, the
// first five results of each: success at 1 and at 5 by kind of case, as
// scripts/bench relevance prints it. The data-drawn set
// (tests/support/judged_set.hpp) first, then the hand-written one
// (tests/judged/by_hand.tsv), its languages' kinds with their lang= and
// without.
#include <array>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include "mojifinder/embedded_index.hpp"
#include "mojifinder/query/ranked_results.hpp"
#include "support/judged_by_hand.hpp"
#include "support/judged_set.hpp"

namespace {

struct Tally {
  std::size_t cases = 0;
  std::size_t at_one[3] = {0, 0, 0}, at_five[3] = {0, 0, 0};  // [relevance, code point, the picker]
  std::size_t picker_cases = 0;
};

void print_row(const std::string& kind, const Tally& t) {
  const auto share = [&](std::size_t n) { return static_cast<double>(n) / static_cast<double>(t.cases); };
  std::printf("%-28s %6zu   %5.3f  %5.3f     %5.3f  %5.3f", kind.c_str(), t.cases, share(t.at_one[0]),
              share(t.at_five[0]), share(t.at_one[1]), share(t.at_five[1]));
  if (t.picker_cases == t.cases) std::printf("     %5.3f  %5.3f", share(t.at_one[2]), share(t.at_five[2]));
  std::printf("\n");
}

// emoji-mart's first five for each query (bench/picker/search.mjs).
std::map<std::string, std::vector<mojifinder::test::CodePoints>> read_picker_answers(const char* path) {
  std::map<std::string, std::vector<mojifinder::test::CodePoints>> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    const auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    auto& found = out[line.substr(0, tab)];
    for (const auto& token : mojifinder::test::by_hand_detail::split(std::string_view(line).substr(tab + 1), ' ')) {
      if (!token.empty()) found.push_back(mojifinder::test::by_hand_detail::parse_character(token));
    }
  }
  return out;
}

// The hand-written cases whose character meant is not first in relevance
// order: the query, as asked, then the first five, to see what a change
// of the rule would mend.
void print_miss(const mojifinder::NameIndex& index, const mojifinder::test::HandJudgedCase& c,
                const mojifinder::NameIndex::Locale* language, std::size_t rank) {
  using namespace mojifinder;
  RankedResults results;
  if (results.start(index, c.query, language, Order::relevance, 5)) return;
  std::array<Result, 5> first;
  std::size_t n = 0;
  while (n < first.size() && !results.done()) n += results.next(std::span(first).subspan(n));
  std::printf("%-10s %-3s %-24s %s |", c.kind.c_str(), language ? std::string(language->code()).c_str() : "",
              c.query.c_str(), rank < 5 ? std::to_string(rank + 1).c_str() : "-");
  for (std::size_t i = 0; i < n; ++i) std::printf(" %.*s;", static_cast<int>(index.name(first[i]).size()), index.name(first[i]).data());
  std::printf("\n");
}

}  // namespace

// With a file of emoji-mart's answers (bench/picker/search.mjs), its
// success beside the server's for the kinds asked without a language;
// with --misses, every hand-written case missed at 1 as well.
int main(int argc, char** argv) {
  using namespace mojifinder;
  const char* picker_file = nullptr;
  bool misses = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--misses") {
      misses = true;
    } else {
      picker_file = argv[i];
    }
  }
  const auto& index = embedded_name_index();
  const auto cases = test::judged_cases(index);
  std::map<std::string, Tally> by_kind;
  Tally all;
  for (const auto& c : cases) {
    auto& t = by_kind[c.kind];
    ++t.cases;
    ++all.cases;
    for (int o = 0; o < 2; ++o) {
      const auto rank = test::judged_rank(index, c, o == 0 ? Order::relevance : Order::codepoint);
      t.at_one[o] += rank == 0;
      t.at_five[o] += rank < 5;
      all.at_one[o] += rank == 0;
      all.at_five[o] += rank < 5;
    }
  }
  std::printf("%-28s %6s   %-12s     %-12s\n", "", "", "relevance", "code point");
  std::printf("%-28s %6s   %5s  %5s     %5s  %5s\n", "kind", "cases", "@1", "@5", "@1", "@5");
  for (const auto& [kind, t] : by_kind) print_row(kind, t);
  print_row("all", all);

  std::printf("\n== The hand-written set (tests/judged/by_hand.tsv)\n");
  const auto by_hand = test::hand_judged_cases(MOJIFINDER_SOURCE_DIR "/tests/judged/by_hand.tsv");
  const auto picker = picker_file ? read_picker_answers(picker_file) : decltype(read_picker_answers("")){};
  std::map<std::string, Tally> hand_kinds;
  Tally english, hand_all;
  std::size_t unheld = 0;
  for (const auto& c : by_hand) {
    if (!test::index_holds(index, c.accepted.front())) {
      ++unheld;
      continue;
    }
    const auto* language = c.language.empty() ? nullptr : index.find_locale(c.language);
    const auto tally = [&](Tally& t, const NameIndex::Locale* asked_in) {
      ++t.cases;
      for (int o = 0; o < 2; ++o) {
        const auto rank = test::hand_judged_rank(index, c, asked_in, o == 0 ? Order::relevance : Order::codepoint);
        if (misses && o == 0 && rank != 0 && (&t == &hand_all || (asked_in == nullptr && language != nullptr))) print_miss(index, c, asked_in, rank);
        t.at_one[o] += rank == 0;
        t.at_five[o] += rank < 5;
      }
      if (const auto answer = picker.find(c.query); asked_in == nullptr && answer != picker.end()) {
        ++t.picker_cases;
        for (std::size_t i = 0; i < answer->second.size(); ++i) {
          if (std::find(c.accepted.begin(), c.accepted.end(), answer->second[i]) == c.accepted.end()) continue;
          t.at_one[2] += i == 0;
          ++t.at_five[2];
          break;
        }
      }
    };
    const auto kind = c.language.empty() ? c.kind : c.kind + " (lang=" + c.language + ")";
    tally(hand_kinds[kind], language);
    tally(hand_all, language);
    if (language != nullptr) tally(hand_kinds[c.kind + " (no lang)"], nullptr);
    if (c.language.empty() && c.kind != "emoticon") tally(english, nullptr);
  }
  std::printf("%-28s %6s   %-12s     %-12s     %-12s\n", "", "", "relevance", "code point",
              picker.empty() ? "" : "emoji-mart");
  std::printf("%-28s %6s   %5s  %5s     %5s  %5s     %5s  %5s\n", "kind", "cases", "@1", "@5", "@1", "@5", "@1", "@5");
  for (const auto& [kind, t] : hand_kinds) print_row(kind, t);
  print_row("English (no lang)", english);
  print_row("all (as written)", hand_all);
  if (unheld > 0) std::printf("%zu cases left out: the index does not hold the character meant\n", unheld);
}
