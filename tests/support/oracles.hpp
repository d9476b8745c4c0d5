// What the tests compare the server's answers with: a query's every result
// at once, and an error as the line protocol writes it.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mojifinder/answer.hpp"
#include "mojifinder/name_index.hpp"
#include "mojifinder/query.hpp"
#include "mojifinder/results.hpp"

namespace mojifinder {

// The error as a line of text writes it (`error: ...`, no line end);
// empty for none.
inline std::string error_text(const std::optional<QueryError>& error) {
  std::string out;
  if (error) append_error(out, AnswerFormat::text, error->detail);
  return out;
}

// Every result of `query` at once: empty with `error` set, as error_text()
// writes it, when the query is malformed.
inline std::vector<Result> find_all(const NameIndex& index, std::string_view query, std::string& error,
                                    const NameIndex::Locale* language = nullptr) {
  Results results;
  error = error_text(results.start(index, query, language));
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
