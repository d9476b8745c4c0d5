// What the tests and the benchmarks compare the server's answers with: a
// query's every result at once, the whole answer in one string, and an
// error as the line protocol writes it. Plain and unbounded, as the
// original was: never for serving.
#pragma once

#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mojifinder/answer/answer.hpp"
#include "mojifinder/index/match_cursor.hpp"
#include "mojifinder/index/name_index.hpp"
#include "mojifinder/query/query.hpp"
#include "mojifinder/query/results.hpp"
#include "mojifinder/text/words.hpp"

namespace mojifinder {

// Entries whose names hold every word of `query`, in code point order.
// The answer points into the index or into `scratch`; either way it is
// valid until `scratch` is next used.
inline std::span<const EntryId> search(const NameIndex& index, const WordList& query, std::vector<EntryId>& scratch) {
  MatchCursor cursor;
  cursor.start(index, query);
  if (const auto whole = cursor.whole_list(); !whole.empty()) return whole;
  scratch.clear();
  std::array<EntryId, 1024> batch;
  while (const auto n = cursor.next(batch)) scratch.insert(scratch.end(), batch.begin(), batch.begin() + n);
  return scratch;
}

// Every result (the first `limit` of them, unless 0), then the end.
inline void append_answer(std::string& out, const NameIndex& index, std::span<const Result> results, LineEnd end,
                          AnswerFormat format = AnswerFormat::text, std::size_t limit = 0) {
  const auto shown = limit == 0 ? results.size() : std::min(limit, results.size());
  if (format == AnswerFormat::json_array) out += '[';
  for (std::size_t i = 0; i < shown; ++i) {
    if (format == AnswerFormat::json_array) {
      if (i > 0) out += ',';
      append_json_array_item(out, index, results[i]);
    } else if (format == AnswerFormat::json) {
      append_json_result(out, index, results[i], end);
    } else {
      append_result(out, index, results[i], end);
    }
  }
  append_answer_end(out, format, Page{results.size(), 0, shown, {}, {}, {}}, end);
}

// The error as a line of text writes it (`error: ...`, no line end);
// empty for none.
inline std::string error_text(const std::optional<QueryError>& error) {
  std::string out;
  if (error) append_error(out, AnswerFormat::text, error->detail);
  return out;
}

// The entry of a character or a sequence, found by a walk over the whole
// index; nullopt when there is none.
inline std::optional<EntryId> entry_with_code_points(const NameIndex& index, std::u32string_view code_points) {
  for (EntryId id = 0; id < index.size(); ++id) {
    const auto cps = index.code_points_of(id);
    if (std::equal(cps.begin(), cps.end(), code_points.begin(), code_points.end())) return id;
  }
  return std::nullopt;
}

// Every result of `query` at once: empty with `error` set, as error_text()
// writes it, when the query is malformed.
inline std::vector<Result> find_all(const NameIndex& index, std::string_view query, std::string& error,
                                    const NameIndex::Locale* language = nullptr, Fields fields = Fields::names_first) {
  Results results;
  error = error_text(results.start(index, query, language, fields));
  std::vector<Result> all;
  if (!error.empty()) return all;
  std::array<Result, 1024> batch;
  while (!results.done()) {
    const auto n = results.next(batch);
    all.insert(all.end(), batch.begin(), batch.begin() + n);
  }
  return all;
}

}  // namespace mojifinder
