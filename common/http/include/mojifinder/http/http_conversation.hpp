// One client's conversation over HTTP/1.x, whatever carries it: the web
// front end of the same search. Each request the reader puts together gets
// its response, written a piece at a time, in order (pipelined requests
// wait their turn in the bytes not read yet).
//
// - GET /search?q=&limit=&offset=  the results as a JSON array of
//   {"char","name"}, as the web original answered, with the total in
//   X-Total-Count; long answers stream in chunks, gzipped when the client
//   accepts it.
// - GET /?q=  the page, with the results rendered by the server (a page of
//   them), so that it works without JavaScript; its script, style sheet
//   and icon; GET /openapi.json, the API described.
// - HEAD wherever GET works; errors with a JSON body {"detail": ...} as
//   FastAPI writes them.
//
// It knows nothing of sockets: the HTTP session feeds it bytes and writes
// its pieces; the tests and the fuzz target drive it directly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "mojifinder/answer/answer_stream.hpp"
#include "mojifinder/front_end/conversation_log.hpp"
#include "mojifinder/front_end/server_counters.hpp"
#include "mojifinder/http/http_limits.hpp"
#include "mojifinder/http/http_request.hpp"
#include "mojifinder/index/name_index.hpp"
#include "mojifinder/query/query.hpp"

namespace mojifinder {

// What a server over its connection limit sends before it closes.
inline constexpr std::string_view http_busy_response =
    "HTTP/1.1 503 Service Unavailable\r\n"
    "Content-Type: application/json; charset=utf-8\r\n"
    "Content-Length: 42\r\n"
    "Connection: close\r\n"
    "Retry-After: 1\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "\r\n"
    "{\"detail\":\"server busy, try again later\"}\n";

// What a connection over the limit for its address is sent before the close.
inline constexpr std::string_view http_too_many_from_address_response =
    "HTTP/1.1 429 Too Many Requests\r\n"
    "Content-Type: application/json; charset=utf-8\r\n"
    "Content-Length: 52\r\n"
    "Connection: close\r\n"
    "Retry-After: 1\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "\r\n"
    "{\"detail\":\"too many connections from your address\"}\n";

// What a client too slow to send a whole request is sent before the close.
inline constexpr std::string_view http_request_timeout_response =
    "HTTP/1.1 408 Request Timeout\r\n"
    "Content-Type: application/json; charset=utf-8\r\n"
    "Content-Length: 42\r\n"
    "Connection: close\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "\r\n"
    "{\"detail\":\"request not received in time\"}\n";


class HttpConversation {
 public:
  // `log` may be null: nothing is told.
  HttpConversation(const NameIndex& index, ServerCounters& counters, ConversationLog* log = nullptr,
                   HttpRequestReader::Limits limits = {});
  ~HttpConversation();
  HttpConversation(const HttpConversation&) = delete;
  HttpConversation& operator=(const HttpConversation&) = delete;

  // Appends bytes read from the client; next() reads them.
  void push(std::string_view bytes);

  enum class Step {
    need_more,  // no whole request yet: push more bytes
    reply,      // a response has begun: take its pieces with next_piece()
    end,        // nothing more will be answered: close
  };
  // Begins the response to the next request, if a whole one has come;
  // at_end_of_stream: the client will send nothing more.
  Step next(bool at_end_of_stream);

  // Gathers the next piece of the response begun, doing at most
  // work_per_call steps of search; true when it holds the last of it. A
  // piece may hold nothing while a long search goes on.
  bool next_piece(AnswerPiece& piece);

  // After the last piece: false when the connection is to close now
  // (HTTP/1.0 without keep-alive, Connection: close, a request the server
  // could not read, a body that ended with the connection).
  bool end_reply();

  // Part of a request has come, and not the whole of it yet.
  bool holding_partial_request() const noexcept { return reader_.reading_request(); }

  ServerCounters& counters() noexcept { return counters_; }

 private:
  // The response in progress, and how it goes on the wire.
  struct Exchange;

  // The route's response to a request, with what the request says of
  // how it is sent.
  void begin(const HttpRequest& request);
  bool next_search_piece(AnswerPiece& piece);
  // The stages after the route, for a piece of a search's or a page's
  // answer: the page's chrome, gzip, the head and the framing.
  void frame(AnswerPiece& piece, bool first, bool last);
  // The head of the response begun, with its body's length or chunked.
  void append_head(std::string& out, std::optional<std::size_t> content_length, bool gzip);

  const NameIndex& index_;
  ServerCounters& counters_;
  ConversationLog* log_;
  HttpRequestReader reader_;
  std::string input_;            // bytes pushed and not read yet (pipelined requests)
  std::size_t input_at_ = 0;     // where the reader goes on in input_
  bool at_end_ = false;          // the client sent its last byte
  bool failed_ = false;          // the reader failed: close after the error
  LentAnswerStream answer_;
  std::unique_ptr<Exchange> exchange_;
};

}  // namespace mojifinder
