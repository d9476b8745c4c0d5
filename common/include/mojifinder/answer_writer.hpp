// The one writer of answers for every front end: the line protocol's text
// lines and JSON Lines, the HTTP API's JSON array, and the command line.
// It streams: each call gathers the next piece of an answer from a Results,
// doing bounded work, so a long answer is never held whole.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mojifinder/answer.hpp"
#include "mojifinder/command.hpp"
#include "mojifinder/name_index.hpp"
#include "mojifinder/render.hpp"
#include "mojifinder/results.hpp"

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

// Parts one piece holds at most: a gathering write takes at most 64
// buffers (Asio's limit, and far below IOV_MAX).
inline constexpr std::size_t max_parts_per_piece = 64;

// What the next write sends: parts that point into the index and into
// `staging`. A transport writes a piece, or copies what the socket did not
// take, before it gathers the next into the same Piece.
struct AnswerPiece {
  std::vector<std::string_view> parts;
  std::string staging;
  std::size_t work = 0;  // steps it took to gather (see Results::next), at most work_per_call

  // Bytes appended to staging from `from` on go out next: with the part
  // before them when that one ends where they begin.
  void send_staged(std::size_t from);
};

// How an answer is written.
struct AnswerShape {
  AnswerFormat format = AnswerFormat::text;
  LineEnd end = LineEnd::crlf;
  std::size_t limit = 0;  // results a page shows at most; 0: all
  const NameIndex::Locale* language = nullptr;  // JSON results carry its short names
};

// Where an answer stands, kept by its front end between pieces.
struct AnswerProgress {
  std::uint32_t first = 0;         // results passed over before this page
  std::uint32_t to_pass_over = 0;  // of those, how many are still to pass over
  std::uint32_t shown = 0;         // results written on this page so far
  bool opened = false;             // a JSON array's `[` is written

  // A new answer, from the result at `first_result` (counting from 0).
  void start(std::size_t first_result) noexcept {
    first = to_pass_over = static_cast<std::uint32_t>(first_result);
    shown = 0;
    opened = false;
  }
};

// Gathers the next piece of the answer `results` gives, doing at most
// work_per_call steps of search: result lines, then the answer's end
// (text: the status line; JSON Lines: the count; JSON array: `]`). True
// when the piece holds the end, with `page` then saying what was shown. A
// piece may hold nothing when the search had much to look at first.
bool next_answer_piece(const NameIndex& index, Results& results, AnswerProgress& progress, const AnswerShape& shape,
                       AnswerPiece& piece, Page& page);

}  // namespace mojifinder
