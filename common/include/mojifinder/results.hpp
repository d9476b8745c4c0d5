// The query language, and the results of a query a batch at a time.
//
// - Words find the characters whose names hold them all, as the original
//   did; a word ending in `*` stands for every name word it begins
//   (`smil* cat`).
// - A query made only of code points (`U+1F600`, any case) and ranges
//   (`U+2600..U+260F`) lists those code points, named or not.
// - A query holding any character beyond ASCII other than white space
//   identifies each of its code points, in order (`€` gives EURO SIGN).
//
// A query of words streams its results from the index as MatchCursor
// does; the others are short lists by construction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mojifinder/name_index.hpp"
#include "mojifinder/words.hpp"

namespace mojifinder {

// A result: an entry of the index or, with unnamed_result set, a code
// point the index has no entry for (shown with unnamed_label()).
using Result = std::uint32_t;
inline constexpr Result unnamed_result = 0x8000'0000u;

// Code points one query may look up, ranges counted whole.
inline constexpr std::size_t max_code_points_per_query = 4096;

class Results {
 public:
  // Starts over with the results of `query`, a line already stripped and
  // checked (Request::Kind::search). Returns the error line to send
  // instead (`error: ...`) when the query is malformed, or an empty string.
  std::string start(const NameIndex& index, std::string_view query);

  // Writes up to `out.size()` next results; 0 once there are no more.
  std::size_t next(std::span<Result> out);

  // Results given by next() since start().
  std::size_t produced() const noexcept;

  // Gives back what only queries beyond plain words need, so that an idle
  // session holds no more than a plain cursor. Call between answers.
  void release_spare_capacity() noexcept { extra_.reset(); }

 private:
  // Only for prefixes, code points and identification: most sessions
  // never allocate it, and each gives it back after the answer.
  struct Extra {
    std::vector<std::vector<EntryId>> merged;  // lists made for this query, reused
    std::vector<std::span<const EntryId>> lists;
    std::vector<Result> listed;
    std::size_t listed_at = 0;
    bool listing = false;
  };
  Extra& extra();
  // The index-th list merged for this query (by a prefix, or names with
  // aliases), emptied; it stays valid until the next start().
  std::vector<EntryId>& merged_list(std::size_t index);
  std::string start_code_points(const NameIndex& index, std::string_view query);
  void start_identify(const NameIndex& index, std::string_view query);
  std::string start_with_prefixes(const NameIndex& index, const WordList& words);
  // Words: by name, as the original; with the characters of an alias the
  // whole query is; and when those find nothing, by the words of aliases
  // and of emoji sequence names.
  void start_words(const NameIndex& index, const WordList& words);
  void list(const NameIndex& index, char32_t cp);

  MatchCursor cursor_;
  std::unique_ptr<Extra> extra_;
  Result first_ = 0;  // taken from the cursor already; next() gives it first
  bool has_first_ = false;
};

// Every result of `query` at once, for the command line and the tests:
// empty with `error` set when the query is malformed.
std::vector<Result> find_all(const NameIndex& index, std::string_view query, std::string& error);

}  // namespace mojifinder
