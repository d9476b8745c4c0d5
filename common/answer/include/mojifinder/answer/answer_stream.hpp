// One answer to one query, for every front end: the line protocol's text
// lines and JSON Lines, the HTTP API's JSON array, the page's rows and the
// command line. It owns the results, where the answer stands and which
// page it shows, and hands out the answer a bounded piece at a time in the
// encoding asked for, doing bounded work each, so a long answer is never
// held whole. The one place a search starts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mojifinder/answer/answer.hpp"
#include "mojifinder/answer/answer_format.hpp"
#include "mojifinder/index/name_index.hpp"
#include "mojifinder/index/render.hpp"
#include "mojifinder/query/query.hpp"
#include "mojifinder/query/ranked_results.hpp"

namespace mojifinder {

// Pieces are gathered to about this many bytes: a transport gives its
// event loop back between pieces, so a `cjk` query (4 MB) never holds the
// loop for long, and other clients' answers go out in between.
inline constexpr std::size_t answer_piece_bytes = 32 * 1024;

// What an answer holds beside its piece (a prefix's bitmap) is taken off
// the piece, down to this: a client that does not read costs about a
// piece whatever it asked.
inline constexpr std::size_t min_piece_bytes = 8 * 1024;

// A run of consecutive result lines at least this long is sent straight
// from the index; shorter runs (the scattered matches of `sign`, say) are
// copied together first, so that a write carries a whole piece, not a few
// dozen 40-byte lines.
inline constexpr std::size_t direct_stretch_bytes = 1024;

// Steps of work (Results::next's) a row of the page costs to make: about
// 330 ns, as 256 steps of search take (docs/performance/limits.md).
inline constexpr std::size_t html_row_steps = 256;

// Parts one piece holds at most: a gathering write takes at most 64
// buffers (Asio's limit, and far below IOV_MAX).
inline constexpr std::size_t max_parts_per_piece = 64;

// What the next write sends: parts that point into the index and into
// `staging`. A piece is lent to the turn (lent_buffer.hpp), shared by
// every connection the thread serves: its parts stay valid only until the
// next piece is gathered into it, so a transport writes a piece, or
// copies what the socket did not take, before any other answer gathers.
struct AnswerPiece {
  std::vector<std::string_view> parts;
  std::string staging;
  std::size_t work = 0;  // steps it took to gather (see Results::next), at most work_per_call

  // Bytes appended to staging from `from` on go out next: with the part
  // before them when that one ends where they begin.
  void send_staged(std::size_t from);
};

class AnswerStream {
 public:
  // Starts the answer to `query` (its text stripped and checked), from the
  // result at query.offset: the error to tell instead when the query is
  // malformed.
  std::optional<QueryError> start(const NameIndex& index, const Query& query);

  // Gathers the next piece of the answer, doing at most work_per_call
  // steps of search: result lines, then the answer's end (text: the
  // status line; JSON Lines: the count; JSON array: `]`). True when the
  // piece holds the end; page() then says what was shown. A piece may
  // hold nothing when the search had much to look at first.
  bool next_piece(const AnswerEncoding& encoding, AnswerPiece& piece);

  // Counts the rest of the answer without writing it, doing at most about
  // `work` steps (taken off it); true once every result is counted, and
  // found() is the answer's total. For a total that must go before the
  // first result (HTTP's X-Total-Count): the answer is then started again
  // to be written.
  bool count_rest(std::size_t& work);

  // Results found so far.
  std::size_t found() const noexcept { return results_.produced(); }
  // Which results the answer showed, once its last piece is gathered.
  Page page() const noexcept {
    const auto* found_in = results_.found_in_language();
    return Page{results_.produced(), first_, shown_, results_.asked_query(), results_.corrected_query(),
                found_in != nullptr ? found_in->code() : std::string_view{}};
  }

  // After the last piece: gives back what only that answer needed, so that
  // an idle front end holds no more than a plain cursor.
  void end() noexcept { results_.release_spare_capacity(); }

 private:
  RankedResults results_;
  std::uint32_t limit_ = 0;        // results a page shows at most; 0: all
  std::uint32_t first_ = 0;        // results passed over before this page
  std::uint32_t to_pass_over_ = 0; // of those, how many are still to pass over
  std::uint32_t shown_ = 0;        // results written on this page so far
  bool opened_ = false;            // a JSON array's `[` is written
  std::optional<PageRowStyle> row_style_;  // a page's, made at its first row
};

// An answer stream lent by the thread for the length of one answer: an
// idle connection holds none, only this pointer, and the thread's spare
// streams keep the room their cursors have grown, so that a query
// allocates nothing once the thread is warm.
class LentAnswerStream {
 public:
  // The stream, borrowed from the thread's spares at first use.
  AnswerStream* operator->() {
    if (!stream_) stream_ = borrow();
    return stream_.get();
  }
  // After the answer: the stream gives back what only that answer needed,
  // and goes back to the thread's spares.
  void end() noexcept;

 private:
  static std::unique_ptr<AnswerStream> borrow();
  std::unique_ptr<AnswerStream> stream_;
};

}  // namespace mojifinder
