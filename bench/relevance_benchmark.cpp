// The judged set (tests/support/judged_set.hpp) asked in relevance order
// and in code point order, the first five results of each: success at 1
// and at 5 by kind of case, as scripts/bench relevance prints it.
#include <cstdio>
#include <map>
#include <string>

#include "mojifinder/embedded_index.hpp"
#include "support/judged_set.hpp"

namespace {

struct Tally {
  std::size_t cases = 0;
  std::size_t at_one[2] = {0, 0}, at_five[2] = {0, 0};  // [relevance, code point]
};

void print_row(const std::string& kind, const Tally& t) {
  const auto share = [&](std::size_t n) { return static_cast<double>(n) / static_cast<double>(t.cases); };
  std::printf("%-28s %6zu   %5.3f  %5.3f     %5.3f  %5.3f\n", kind.c_str(), t.cases, share(t.at_one[0]),
              share(t.at_five[0]), share(t.at_one[1]), share(t.at_five[1]));
}

}  // namespace

int main() {
  using namespace mojifinder;
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
}
