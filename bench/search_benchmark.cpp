// In-process cost of answering a query: search plus rendering the whole
// answer, over a mix of small answers and a mix of heavy ones. The baseline,
// measured in the same run, is the index-free way: scan every name.
#include <benchmark/benchmark.h>

#include <array>
#include <set>

#include "mojifinder/answer/answer.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/query/ranked_results.hpp"
#include "query_mixes.hpp"
#include "support/oracles.hpp"

namespace {

using namespace mojifinder;

const std::vector<std::string>& mix_named(int which) {
  static const auto small = bench::small_mix(embedded_name_index(), 200);
  static const auto heavy = bench::heavy_mix(embedded_name_index());
  return which == 0 ? small : heavy;
}

// Every result of an answer started, or its first `limit` (0: every
// one), as lines, into `out` (emptied).
template <typename Answer>
void write_all(Answer& results, const NameIndex& index, std::string& out, std::size_t limit = 0) {
  std::array<Result, 256> batch;
  out.clear();
  std::size_t written = 0;
  while (!results.done() && (limit == 0 || written < limit)) {
    const auto n = results.next(std::span(batch).first(limit == 0 ? batch.size() : std::min(batch.size(), limit - written)));
    for (std::size_t i = 0; i < n; ++i) append_result(out, index, batch[i], LineEnd::crlf);
    written += n;
  }
}

const char* mix_label(int which) { return which == 0 ? "small mix" : "heavy mix"; }

void report(benchmark::State& state, std::size_t bytes, std::size_t results) {
  state.counters["queries/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["results/query"] = static_cast<double>(results) / static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.SetLabel(mix_label(static_cast<int>(state.range(0))));
}

// Search and render into a reused buffer, as a session does.
void BM_IndexedSearchAndRender(benchmark::State& state) {
  const auto& index = embedded_name_index();
  const auto& mix = mix_named(static_cast<int>(state.range(0)));
  WordList words;
  std::vector<EntryId> scratch;
  std::string out;
  std::size_t next = 0, bytes = 0, results = 0;
  for (auto _ : state) {
    words.split(mix[next++ % mix.size()]);
    const auto found = search(index, words, scratch);
    out.clear();
    append_answer(out, index, found, LineEnd::crlf);
    benchmark::DoNotOptimize(out.data());
    bytes += out.size();
    results += found.size();
  }
  report(state, bytes, results);
}

// The baseline: no index, every name split and checked for every query.
void BM_BaselineScanEveryName(benchmark::State& state) {
  const auto& index = embedded_name_index();
  const auto& mix = mix_named(static_cast<int>(state.range(0)));
  WordList query, name;
  std::vector<EntryId> found;
  std::string out;
  std::size_t next = 0, bytes = 0, results = 0;
  for (auto _ : state) {
    query.split(mix[next++ % mix.size()]);
    found.clear();
    for (EntryId id = 0; id < index.size(); ++id) {
      name.split(index.name(id));
      const auto holds = [&](std::string_view w) {
        return std::find(name.words().begin(), name.words().end(), w) != name.words().end();
      };
      if (!query.empty() && std::all_of(query.words().begin(), query.words().end(), holds)) found.push_back(id);
    }
    out.clear();
    append_answer(out, index, found, LineEnd::crlf);
    benchmark::DoNotOptimize(out.data());
    bytes += out.size();
    results += found.size();
  }
  report(state, bytes, results);
}

// The query language's whole path (Results, the writer's lines) over the
// small mix, with no language and with one: each word is then looked up
// in names and in the language's keywords, and the lists joined.
void BM_ResultsInLanguage(benchmark::State& state) {
  const auto& index = embedded_name_index();
  const auto& mix = mix_named(0);
  static constexpr const char* languages[] = {"", "fr", "en", "ja"};
  const auto* code = languages[state.range(0)];
  const auto* language = *code ? index.find_locale(code) : nullptr;
  Results results;
  std::string out;
  std::size_t next = 0, bytes = 0, found = 0;
  for (auto _ : state) {
    results.start(index, mix[next++ % mix.size()], language);
    write_all(results, index, out);
    benchmark::DoNotOptimize(out.data());
    bytes += out.size();
    found += results.produced();
  }
  report(state, bytes, found);
  state.SetLabel(*code ? std::string("small mix, lang ") + code : "small mix, no language");
}

// Answers in code point order and in relevance order, the same path as
// a session's (RankedResults, the writer's lines): the cost of judging
// every result and ranking the best. Whole answers, or the page's first
// hundred (which code point order stops at, and relevance must judge
// every result to find).
void BM_AnswerInOrder(benchmark::State& state) {
  const auto& index = embedded_name_index();
  const auto& mix = mix_named(static_cast<int>(state.range(0)));
  const auto order = state.range(1) == 0 ? Order::codepoint : Order::relevance;
  const auto page = static_cast<std::size_t>(state.range(2));
  RankedResults results;
  std::string out;
  std::size_t next = 0, bytes = 0, found = 0;
  for (auto _ : state) {
    results.start(index, mix[next++ % mix.size()], nullptr, order, page);
    write_all(results, index, out, page);
    benchmark::DoNotOptimize(out.data());
    bytes += out.size();
    found += results.produced();
  }
  report(state, bytes, found);
  state.SetLabel(std::string(mix_label(static_cast<int>(state.range(0)))) + ", order " + std::string(order_name(order)) +
                 (page == 0 ? ", whole answers" : ", first " + std::to_string(page)));
}

// Typos: queries whose words find nothing, answered by their correction
// (a letter dropped from a word people type: `pecil`), beside the same
// words spelt right; and a hostile line of 64 long words near nothing.
// Whole answers in code point order, and the calls of next() they take:
// the work bound of a call (work_per_call) holds for correcting too, so
// the time of a query over its calls is what a call costs.
void BM_CorrectedQuery(benchmark::State& state) {
  const auto& index = embedded_name_index();
  static const auto typos = bench::typo_mix(index, 200);
  static const auto spelt_right = [] {
    std::vector<std::string> right;
    std::array<Result, 256> batch;
    for (const auto& typo : typos) {
      Results results;
      results.start(embedded_name_index(), typo);
      while (!results.done()) results.next(batch);
      right.emplace_back(results.corrected_query());
    }
    return right;
  }();
  static const auto hostile = [] {
    std::string line;
    for (int i = 0; i < 64; ++i) (line += "qzxjvkwpqzmbtl") += static_cast<char>('a' + i % 26), line += ' ';
    return std::vector<std::string>{line};
  }();
  // Long words each two edits from a word of the index, walking far
  // before they are found, and a word near nothing last: the costliest
  // corrections a line can ask for.
  static const std::vector<std::string> crafted{
      "compxtibqlity parextheqized countxrcloqkwise qzxjvkwpqzmbtlqzxjvkwpqzmbtlqzx"};
  const auto& mix = state.range(0) == 0 ? spelt_right : state.range(0) == 1 ? typos : state.range(0) == 2 ? hostile : crafted;
  Results results;
  std::array<Result, 256> batch;
  std::size_t next = 0, found = 0, calls = 0;
  for (auto _ : state) {
    results.start(index, mix[next++ % mix.size()]);
    while (!results.done()) {
      found += results.next(batch);
      ++calls;
    }
  }
  state.counters["queries/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["results/query"] = static_cast<double>(found) / static_cast<double>(state.iterations());
  state.counters["calls/query"] = static_cast<double>(calls) / static_cast<double>(state.iterations());
  static constexpr const char* labels[] = {"the same words spelt right", "typos (a letter dropped)", "64 long words near nothing",
                                           "3 long words two edits from words, 1 near nothing"};
  state.SetLabel(labels[state.range(0)]);
}

BENCHMARK(BM_IndexedSearchAndRender)->Arg(0)->Arg(1);
BENCHMARK(BM_CorrectedQuery)->DenseRange(0, 3);
BENCHMARK(BM_AnswerInOrder)->ArgsProduct({{0, 1}, {0, 1}, {0, 100}});
BENCHMARK(BM_ResultsInLanguage)->DenseRange(0, 3);
BENCHMARK(BM_BaselineScanEveryName)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
