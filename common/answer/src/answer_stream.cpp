#include "mojifinder/answer/answer_stream.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <span>
#include <vector>

namespace mojifinder {

void AnswerPiece::send_staged(std::size_t from) {
  const auto* at = staging.data() + from;
  const auto size = staging.size() - from;
  if (size == 0) return;
  if (!parts.empty() && parts.back().data() + parts.back().size() == at) {
    parts.back() = std::string_view(parts.back().data(), parts.back().size() + size);
  } else {
    parts.emplace_back(at, size);
  }
}

namespace {

// Spare streams a thread keeps at most: as many as answers it had in
// progress at once, up to this; past it, a stream given back is freed.
constexpr std::size_t max_spare_streams = 64;

// Room for them all from the start: giving one back never allocates.
std::vector<std::unique_ptr<AnswerStream>>& spare_streams() {
  thread_local auto spares = [] {
    std::vector<std::unique_ptr<AnswerStream>> streams;
    streams.reserve(max_spare_streams);
    return streams;
  }();
  return spares;
}

}  // namespace

std::unique_ptr<AnswerStream> LentAnswerStream::borrow() {
  auto& spares = spare_streams();
  if (spares.empty()) return std::make_unique<AnswerStream>();
  auto stream = std::move(spares.back());
  spares.pop_back();
  return stream;
}

void LentAnswerStream::end() noexcept {
  if (!stream_) return;
  stream_->end();
  auto& spares = spare_streams();
  if (spares.size() < max_spare_streams) spares.push_back(std::move(stream_));
  stream_.reset();
}

std::optional<QueryError> AnswerStream::start(const NameIndex& index, const Query& query) {
  // A page ranks what it shows and what it passes over, no more.
  const auto wanted = query.limit == 0 ? 0 : query.offset + query.limit;
  if (auto error = results_.start(index, query.text, query.language, query.order, wanted, query.language_choice)) return error;
  limit_ = static_cast<std::uint32_t>(query.limit);
  first_ = to_pass_over_ = static_cast<std::uint32_t>(query.offset);
  shown_ = 0;
  opened_ = false;
  row_style_.reset();
  return std::nullopt;
}

bool AnswerStream::count_rest(std::size_t& work) {
  std::array<Result, 256> batch;
  while (!results_.done() && work > 0) results_.next(batch, work);
  return results_.done();
}

bool AnswerStream::next_piece(const AnswerEncoding& encoding, AnswerPiece& piece) {
  auto& results = results_;
  const auto& index = *results.index();
  const auto* language = results.language();
  auto& parts = piece.parts;
  auto& staging = piece.staging;
  parts.clear();
  piece.work = 0;
  // Room for a piece and one more batch of results, each copied at worst
  // (a JSON line of a long sequence is longer than its text line), and for
  // the answer's end: staging never reallocates under the parts that point
  // into it.
  // A page's rows, and the API's items with all the page shows, are
  // longer: fewer of them a batch.
  const bool rows = encoding.format == AnswerFormat::html_rows || encoding.format == AnswerFormat::json_array_all;
  const std::size_t results_per_batch = rows ? 32 : 256;
  const std::size_t result_bytes = rows ? max_html_row_bytes : 2 * max_result_line_bytes;
  constexpr std::size_t end_bytes = 256;
  staging.clear();
  staging.reserve(answer_piece_bytes + results_per_batch * result_bytes + end_bytes);
  std::size_t work = work_per_call;
  const auto took_work = [&](bool last) {
    piece.work = work_per_call - work;
    return last;
  };
  std::array<Result, 256> batch;
  // A later page: the results before it are passed over first.
  while (to_pass_over_ > 0 && !results.done()) {
    to_pass_over_ -= static_cast<std::uint32_t>(
        results.next(std::span(batch).first(std::min<std::size_t>(to_pass_over_, batch.size())), work));
    if (work == 0) return took_work(false);
  }
  const auto format = encoding.format;
  const auto end = encoding.end;
  if (is_json_array(format) && !opened_) {
    opened_ = true;
    staging += '[';
    piece.send_staged(0);
  }
  // What the answer holds beside its piece (a prefix's bitmap, say)
  // counts against the piece: a client that does not read costs no more
  // than a piece, whatever it asked.
  const auto piece_bytes = answer_piece_bytes - std::min(results.held_bytes(), answer_piece_bytes - min_piece_bytes);
  // Entries are numbered in code point order and their lines stored in
  // that order, so a run of consecutive entries is one stretch of bytes:
  // `cjk` is a few dozen stretches, not 98,000 lines.
  std::size_t bytes = 0;
  const std::size_t limit = limit_;
  // Each stretch takes at most one part, and the end one more.
  const auto room_left = [&] { return bytes < piece_bytes && parts.size() < max_parts_per_piece - 1; };
  // A row of the page (its block, category, short name and link, each
  // escaped), or an item with all it shows, costs as much as a few hundred
  // steps of search: a piece's rows share its work with the search, so
  // that a page's piece is bounded as a call of search is. Lines and the
  // original's JSON are bounded by their bytes alone.
  while (room_left()) {
    auto wanted = std::min(results_per_batch, max_parts_per_piece - 1 - parts.size());
    if (limit > 0) wanted = std::min<std::size_t>(wanted, limit - shown_);
    if (rows) wanted = std::min(wanted, work / html_row_steps + 1);
    if (wanted == 0) {
      // The page is full: the rest are counted, not written.
      while (!results.done() && work > 0) results.next(batch, work);
    }
    const auto n = wanted == 0 ? 0 : results.next(std::span(batch).first(wanted), work);
    if (n == 0 && !results.done()) return took_work(false);  // the work ran out: go on next turn
    if (n == 0) {
      const auto from = staging.size();
      append_answer_end(staging, format, page(), end);
      piece.send_staged(from);
      return took_work(true);
    }
    const auto shown_before = shown_;
    shown_ += static_cast<std::uint32_t>(n);
    for (std::size_t first = 0; first < n;) {
      // A JSON line or element, or the line of a code point without a
      // name, or a line with another end, is made here; the others are the
      // index's own bytes.
      if (format != AnswerFormat::text || (batch[first] & unnamed_result) || end != LineEnd::crlf) {
        const auto from = staging.size();
        if (format == AnswerFormat::json_array) {
          if (shown_before + first > 0) staging += ',';
          append_json_array_item(staging, index, batch[first], language);
        } else if (format == AnswerFormat::json_array_all) {
          if (shown_before + first > 0) staging += ',';
          if (!row_style_) row_style_ = PageRowStyle::of(index, language);
          append_json_array_item_all(staging, index, batch[first], *row_style_);
          work -= std::min(work, html_row_steps);
        } else if (format == AnswerFormat::json) {
          append_json_result(staging, index, batch[first], end, language);
        } else if (format == AnswerFormat::html_rows) {
          if (!row_style_) row_style_ = PageRowStyle::of(index, language);
          append_html_row(staging, index, batch[first], *row_style_);
          work -= std::min(work, html_row_steps);
        } else {
          append_result(staging, index, batch[first], end);
        }
        piece.send_staged(from);
        bytes += staging.size() - from;
        ++first;
        continue;
      }
      std::size_t last = first + 1;
      while (last < n && !(batch[last] & unnamed_result) && batch[last] == batch[last - 1] + 1) ++last;
      const auto stretch = index.lines(batch[first], batch[last - 1] + 1);
      if (stretch.size() < direct_stretch_bytes) {
        const auto from = staging.size();
        staging += stretch;
        piece.send_staged(from);
      } else {
        parts.push_back(stretch);
      }
      bytes += stretch.size();
      first = last;
    }
  }
  return took_work(false);
}

}  // namespace mojifinder
