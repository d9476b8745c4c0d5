// The longest call an answer takes, in every language of the index: a
// session gathers an answer a piece at a time (AnswerStream::next_piece)
// and gives its event loop back between pieces, so the longest piece is
// how long one client can hold the loop from the others. Heavy queries in
// relevance order, the page's rows and the line protocol's lines, beside
// the same answers in code point order in the same run.
//
//   call_cost [--runs N] [--locales all|worst] [query ...]
//
// Prints, for each query, the longest piece in each language (each
// piece's least time over the runs): the five worst languages, and the
// worst of all; then the same in code point order, the baseline.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "mojifinder/answer/answer_stream.hpp"
#include "mojifinder/embedded_index.hpp"

namespace {

using namespace mojifinder;
using Clock = std::chrono::steady_clock;

// One whole answer, piece by piece: the time and work of each.
struct Piece {
  double micros = 0;
  std::size_t steps = 0;
};
std::vector<Piece> answer(const NameIndex& index, const std::string& text, const NameIndex::Locale* language,
                          Order order, AnswerFormat format, std::size_t limit) {
  AnswerStream stream;
  Query query;
  query.text = text;
  query.language = language;
  query.order = order;
  query.limit = limit;
  std::vector<Piece> pieces;
  if (stream.start(index, query)) return pieces;
  AnswerPiece piece;
  const AnswerEncoding encoding{format, LineEnd::crlf};
  for (bool last = false; !last;) {
    const auto began = Clock::now();
    last = stream.next_piece(encoding, piece);
    pieces.push_back({std::chrono::duration<double, std::micro>(Clock::now() - began).count(), piece.work});
  }
  stream.end();
  return pieces;
}

// The longest piece of an answer asked `runs` times: each piece's least
// time over the runs (an answer's pieces are the same every run), so that
// a run the machine interrupted does not count, then the longest of them.
struct Longest {
  double micros = 0;
  std::size_t steps = 0, pieces = 0;
};
Longest longest_piece(const NameIndex& index, const std::string& text, const NameIndex::Locale* language,
                      Order order, AnswerFormat format, std::size_t limit, int runs) {
  std::vector<Piece> least;
  for (int r = 0; r < runs; ++r) {
    const auto pieces = answer(index, text, language, order, format, limit);
    if (least.empty()) least = pieces;
    for (std::size_t i = 0; i < pieces.size() && i < least.size(); ++i) {
      least[i].micros = std::min(least[i].micros, pieces[i].micros);
    }
  }
  Longest longest;
  longest.pieces = least.size();
  for (const auto& piece : least) {
    if (piece.micros > longest.micros) longest = {piece.micros, piece.steps, least.size()};
  }
  return longest;
}

struct Row {
  std::string locale;
  double micros;
  std::size_t steps, pieces;
};

}  // namespace

int main(int argc, char** argv) {
  const auto& index = embedded_name_index();
  int runs = 5;
  std::vector<std::string> queries;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else {
      queries.emplace_back(argv[i]);
    }
  }
  if (queries.empty()) queries = {"medium skin tone", "t*", "c*", "letter"};
  std::vector<const NameIndex::Locale*> languages{nullptr};
  for (const auto& locale : index.locales()) languages.push_back(&locale);
  struct Kind {
    const char* what;
    AnswerFormat format;
    std::size_t limit;
  };
  const Kind kinds[] = {{"the page's first 100 rows", AnswerFormat::html_rows, 100},
                        {"the line protocol's whole answer", AnswerFormat::text, 0}};
  double worst[2] = {0, 0};  // relevance, code point
  std::printf("Longest piece of an answer (each piece's least of %d runs), in each of %zu languages and none\n", runs,
              languages.size() - 1);
  for (const auto& kind : kinds) {
    for (const auto& query : queries) {
      for (const auto order : {Order::relevance, Order::codepoint}) {
        std::vector<Row> rows;
        for (const auto* language : languages) {
          const auto l = longest_piece(index, query, language, order, kind.format, kind.limit, runs);
          rows.push_back({language ? std::string(language->code()) : std::string("(none)"), l.micros, l.steps,
                          l.pieces});
        }
        std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.micros > b.micros; });
        auto& worst_of_order = worst[order == Order::relevance ? 0 : 1];
        worst_of_order = std::max(worst_of_order, rows[0].micros);
        const auto none = std::find_if(rows.begin(), rows.end(), [](const Row& r) { return r.locale == "(none)"; });
        std::printf("%-34s %-18s %-10s worst %8.1f us (%s, %zu steps, %zu pieces); none %7.1f us; then", kind.what,
                    ("\"" + query + "\"").c_str(), std::string(order_name(order)).c_str(), rows[0].micros,
                    rows[0].locale.c_str(), rows[0].steps, rows[0].pieces, none->micros);
        for (std::size_t i = 1; i < 5 && i < rows.size(); ++i) {
          std::printf(" %s %.1f", rows[i].locale.c_str(), rows[i].micros);
        }
        std::printf("\n");
      }
    }
  }
  std::printf("Longest piece of all: relevance %.1f us, code point order %.1f us (%.2fx)\n", worst[0], worst[1],
              worst[1] > 0 ? worst[0] / worst[1] : 0.0);
}
