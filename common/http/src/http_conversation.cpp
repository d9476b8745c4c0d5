#include "mojifinder/http/http_conversation.hpp"

#include <optional>

#include "framing.hpp"
#include "gzip_filter.hpp"
#include "handlers.hpp"
#include "http_response.hpp"
#include "mojifinder/answer/lent_buffer.hpp"
#include "mojifinder/http/http_message.hpp"
#include "mojifinder/text/escape.hpp"
#include "page_chrome.hpp"

namespace mojifinder {

using namespace http;

namespace {

// What surrounds a piece, in buffers lent to the turn (lent_buffer.hpp):
// the head and a chunk's size, the page's top or bottom, compressed bytes,
// and the list of what the stages made of the piece.
struct Framing {
  using type = std::string;
};
struct Around {
  using type = std::string;
};
struct Compressed {
  using type = std::string;
};
struct Content {
  using type = std::vector<std::string_view>;
};

}  // namespace

// The response in progress, and what the connection decided about how it
// goes on the wire.
struct HttpConversation::Exchange {
  // A search's answer is gathered at once when it fits a piece (sent with
  // its length); otherwise it is counted first, for X-Total-Count and the
  // caption, then sent in chunks.
  enum class Phase : unsigned char { first, counting, streaming };

  HttpResponse response;
  Phase phase = Phase::first;
  bool head_only = false;     // HEAD: the head the GET would send
  bool keep_alive = true;
  bool chunked = true;        // HTTP/1.1; HTTP/1.0 gets a body that ends with the connection
  bool accepts_gzip = false;
  std::unique_ptr<GzipFilter> gzip;  // while a long answer is compressed
};

HttpConversation::HttpConversation(const NameIndex& index, ServerCounters& counters, ConversationLog* log,
                                   HttpRequestReader::Limits limits)
    : index_(index), counters_(counters), log_(log), reader_(limits), exchange_(std::make_unique<Exchange>()) {}

HttpConversation::~HttpConversation() = default;

void HttpConversation::push(std::string_view bytes) {
  if (input_at_ == input_.size()) {
    input_.clear();
    input_at_ = 0;
  }
  input_.append(bytes);
}

HttpConversation::Step HttpConversation::next(bool at_end_of_stream) {
  if (failed_) return Step::end;
  at_end_ = at_end_of_stream;
  const auto step = reader_.read(std::string_view(input_).substr(input_at_));
  input_at_ += step.consumed;
  if (input_at_ == input_.size()) {
    input_.clear();
    input_at_ = 0;
  }
  switch (step.outcome) {
    case HttpRequestReader::Outcome::complete:
      begin(reader_.request());
      reader_.next();
      return Step::reply;
    case HttpRequestReader::Outcome::failed:
    {
      failed_ = true;
      // A HEAD refused for its line or its headers still gets a head alone;
      // the log says so, with the method it had read.
      const bool head = reader_.request().method == "HEAD";
      if (log_) log_->heard(head ? "HEAD (a request it could not read)" : "a request it could not read");
      auto& exchange = *exchange_;
      exchange = Exchange{};
      exchange.response = error_response(reader_.failure().status, reader_.failure().reason);
      exchange.keep_alive = false;
      exchange.head_only = head;
      if (log_) log_->answered(exchange.response.refusal);
      return Step::reply;
    }
    case HttpRequestReader::Outcome::need_more:
      break;
  }
  if (!at_end_of_stream) return Step::need_more;
  // The client sent its last byte: a request cut short is not answered,
  // since nobody will read the answer.
  return Step::end;
}

void HttpConversation::begin(const HttpRequest& request) {
  if (log_) {
    std::string heard;
    append_log_text(heard, request.method);
    heard += ' ';
    append_log_quoted(heard, request.target);
    log_->heard(heard);
  }
  // Field by field, not a new Exchange: a request costs no more than its
  // handler's response.
  auto& exchange = *exchange_;
  exchange.phase = Exchange::Phase::first;
  exchange.gzip.reset();  // end_reply() let it go, unless the last answer was cut short
  const bool http_1_1 = request.version_major > 1 || (request.version_major == 1 && request.version_minor >= 1);
  exchange.chunked = http_1_1;
  exchange.accepts_gzip = request.accepts_gzip;
  exchange.head_only = request.method == "HEAD";
  exchange.response = respond(HandlerContext{index_, counters_, answer_}, request);
  exchange.keep_alive = request.keep_alive && !exchange.response.close;
  if (log_ && !exchange.response.refusal.empty()) log_->answered(exchange.response.refusal);
}

bool HttpConversation::end_reply() {
  auto& exchange = *exchange_;
  const bool go_on = !failed_ && exchange.keep_alive;
  const auto& response = exchange.response;
  if (log_ && response.body != HttpResponse::Body::bytes && response.status == 200) {
    log_->answered(std::to_string(response.search.total) + " results.");
  }
  exchange.gzip.reset();
  // An idle connection keeps little of the response: room for a short
  // query only.
  if (exchange.response.held_bytes() > idle_room) exchange.response = HttpResponse{};
  answer_.end();
  if (input_.capacity() > 1024 && input_at_ == input_.size()) std::string().swap(input_);
  return go_on && !at_end_;
}

void HttpConversation::append_head(std::string& out, std::optional<std::size_t> content_length, bool gzip) {
  const auto& exchange = *exchange_;
  counters_.count_http_status(exchange.response.status);
  http::append_head(out, exchange.response,
                    HeadFraming{.content_length = content_length,
                                .chunked = exchange.chunked,
                                .keep_alive = exchange.keep_alive && !failed_,
                                .gzip = gzip});
}

bool HttpConversation::next_piece(AnswerPiece& piece) {
  auto& exchange = *exchange_;
  const auto& response = exchange.response;
  if (response.body != HttpResponse::Body::bytes && !response.not_modified()) return next_search_piece(piece);
  // Bytes: compressed in one go when worth it, sent with their length.
  piece.work = 0;
  auto* compressor = exchange.accepts_gzip && response.bytes_worth_gzip() ? GzipFilter::for_one_body() : nullptr;
  std::string_view body = response.bytes();
  if (compressor) {
    auto& compressed = lent_buffer<Compressed>();
    compressor->compress(std::span(&body, 1), true, compressed);
    body = compressed;
  }
  exchange.keep_alive = exchange.keep_alive && !failed_;
  auto& framing = lent_buffer<Framing>();
  framing.clear();
  append_head(framing, body.size(), compressor != nullptr);
  piece.parts.clear();
  const std::span<const std::string_view> content(&body, body.empty() ? 0 : 1);
  frame_piece(piece.parts, framing, content, body.size(), true,
              BodyFraming{.chunked = false, .head_only = exchange.head_only});
  return true;
}

bool HttpConversation::next_search_piece(AnswerPiece& piece) {
  auto& exchange = *exchange_;
  auto& reply = exchange.response.search;
  const AnswerFormat format = exchange.response.body == HttpResponse::Body::page ? AnswerFormat::html_rows
                             : reply.all_fields                                   ? AnswerFormat::json_array_all
                                                                                  : AnswerFormat::json_array;
  const AnswerEncoding encoding{format, LineEnd::crlf};
  if (!reply.searched) {
    // Nothing searched: `[]`, or the page with no rows.
    piece.parts.clear();
    piece.staging.clear();
    piece.work = 0;
    if (is_json_array(format)) {
      piece.staging = "[]";
      piece.parts.push_back(piece.staging);
    }
    frame(piece, true, true);
    return true;
  }
  switch (exchange.phase) {
    case Exchange::Phase::first: {
      if (answer_->next_piece(encoding, piece)) {
        const auto page = answer_->page();
        reply.total = page.total;
        reply.corrected.assign(page.corrected);
        reply.asked.assign(page.asked);
        reply.found_in = page.found_in;
        frame(piece, true, true);
        return true;
      }
      // Too long for one piece: the rest counted first, going on from
      // where this piece stopped, then the answer sent in chunks.
      exchange.phase = Exchange::Phase::counting;
      piece.parts.clear();
      return false;
    }
    case Exchange::Phase::counting: {
      piece.parts.clear();
      std::size_t work = work_per_call;
      const bool counted = answer_->count_rest(work);
      piece.work = work_per_call - work;
      if (!counted) return false;
      reply.total = answer_->found();
      if (reply.total == 0 && is_json_array(format)) {
        // Nothing found after a long look (typos tried): `[]`, whole, as
        // an answer that fits one piece is sent.
        exchange.phase = Exchange::Phase::first;
        piece.staging = "[]";
        piece.parts.push_back(piece.staging);
        frame(piece, true, true);
        return true;
      }
      // Before the answer starts again: what the count found searched.
      reply.corrected.assign(answer_->page().corrected);
      reply.asked.assign(answer_->page().asked);
      reply.found_in = answer_->page().found_in;
      start_answer(HandlerContext{index_, counters_, answer_}, reply);  // it started once without an error
      exchange.phase = Exchange::Phase::streaming;
      if (exchange.accepts_gzip) {
        exchange.gzip = std::make_unique<GzipFilter>();
        if (!exchange.gzip->ok()) exchange.gzip.reset();
      }
      piece.staging.clear();
      frame(piece, true, exchange.head_only);
      return exchange.head_only;
    }
    case Exchange::Phase::streaming: {
      const bool last = answer_->next_piece(encoding, piece);
      frame(piece, false, last);
      return last;
    }
  }
  return true;
}

// The stages after the route, for a piece of a search's or a page's
// answer: the page's chrome around the rows, gzip, then the head (before
// the first piece) and the framing (with its length when the whole answer
// is one piece, or in a chunk).
void HttpConversation::frame(AnswerPiece& piece, bool first, bool last) {
  auto& exchange = *exchange_;
  auto& content = lent_buffer<Content>();
  add_page_chrome(content, lent_buffer<Around>(), piece.parts, index_, exchange.response, first, last);
  // A page, or an answer that fit one piece, is sent with its length, and
  // compressed when worth it.
  const bool whole = first && last && exchange.phase == Exchange::Phase::first;
  std::size_t size = 0;
  for (const auto part : content) size += part.size();
  if (!whole && !exchange.chunked) exchange.keep_alive = false;  // HTTP/1.0: the close ends the body
  // A long answer's stream is the exchange's, from piece to piece.
  auto* compressor = whole && exchange.accepts_gzip && size >= gzip_min_bytes ? GzipFilter::for_one_body()
                                                                             : exchange.gzip.get();
  const bool gzip = compressor != nullptr;
  // A HEAD's length is the compressed body's, as its GET's would be.
  if (gzip && (!exchange.head_only || whole)) {
    auto& compressed = lent_buffer<Compressed>();
    compressor->compress(content, last, compressed);
    if (last) exchange.gzip.reset();  // not held while the client reads the end
    content.clear();
    if (!compressed.empty()) content.push_back(compressed);
    size = compressed.size();
  }
  auto& framing = lent_buffer<Framing>();
  framing.clear();
  if (first) append_head(framing, whole ? std::optional<std::size_t>(size) : std::nullopt, gzip);
  piece.parts.clear();
  frame_piece(piece.parts, framing, content, size, last,
              BodyFraming{.chunked = !whole && exchange.chunked, .head_only = exchange.head_only});
}

}  // namespace mojifinder
