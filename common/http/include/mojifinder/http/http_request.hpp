// HTTP/1.x requests as a server reads them from a connection. llhttp,
// Node.js's parser, does the parsing; this keeps of each request what the
// server needs (method, target, version, keep-alive, Host, whether gzip is
// accepted), within bounds, so that no client can make a connection hold
// more, and tells which status a bad request gets.
//
// It knows nothing of sockets: a transport hands it the bytes it read and
// takes requests one at a time, so that pipelined requests are answered in
// order and a request split over many reads is put together.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace mojifinder {

struct HttpRequest {
  std::string method;  // as sent: GET, HEAD, POST...
  std::string target;  // as sent, not decoded: /search?q=cat+face
  unsigned version_major = 1;
  unsigned version_minor = 1;
  bool keep_alive = true;     // the connection stays open after the answer
  bool accepts_gzip = false;  // Accept-Encoding allows gzip
  std::string host;
  std::string accept_language;  // as sent, for the page's language when the URL names none
  std::string if_none_match;    // its field lines combined: the entity tags a cache holds
};

class HttpRequestReader {
 public:
  // The bounds a request is held to, and the status past each, as nginx
  // answers them.
  struct Limits {
    std::size_t max_target_bytes = 8 * 1024;   // past it: 414 URI Too Long
    std::size_t max_header_bytes = 16 * 1024;  // names and values together; past it: 431
    std::size_t max_headers = 100;             // past it: 431
    std::size_t max_body_bytes = 64 * 1024;    // a body is read and thrown away; past it: 413
  };

  HttpRequestReader() : HttpRequestReader(Limits{}) {}
  explicit HttpRequestReader(Limits limits);
  ~HttpRequestReader();
  HttpRequestReader(const HttpRequestReader&) = delete;
  HttpRequestReader& operator=(const HttpRequestReader&) = delete;

  enum class Outcome {
    need_more,  // every byte given was taken; no whole request yet
    complete,   // request() is whole; bytes after `consumed` are the next request's
    failed,     // failure() says what to answer; the connection closes after it
  };
  struct Step {
    Outcome outcome;
    std::size_t consumed;  // bytes of those given that were taken
  };
  // Reads `bytes` up to the end of one request at most.
  Step read(std::string_view bytes);
  // At the end of the stream: failed when a request was cut short.
  Outcome finish();

  const HttpRequest& request() const noexcept { return request_; }

  struct Failure {
    int status = 0;       // 400, 413, 414 or 431
    std::string reason;   // for the error's body
  };
  const Failure& failure() const noexcept { return failure_; }

  // After a complete request: ready for the next on the same connection.
  void next();
  // True once the first byte of a request has come and until it is whole:
  // a transport bounds the time a client takes to send its headers.
  bool reading_request() const noexcept { return started_; }

 private:
  struct Parser;
  friend struct Parser;
  void fail(int status, std::string reason);
  void take_header();
  int grow_header(std::string& into, const char* at, std::size_t length);

  Limits limits_;
  std::unique_ptr<Parser> parser_;
  HttpRequest request_;
  Failure failure_;
  std::string field_, value_;     // the header being read
  std::string accept_encoding_;   // its field lines combined
  std::size_t header_bytes_ = 0;  // of this request's headers so far
  std::size_t headers_ = 0;
  std::size_t hosts_ = 0;  // Host field lines
  std::size_t body_bytes_ = 0;
  bool started_ = false;
  bool complete_ = false;
  bool failed_ = false;
  bool in_value_ = false;
  bool expects_continue_ = false;  // Expect: 100-continue
  bool cut_short_ = false;         // answered before its body: the last request
};

}  // namespace mojifinder
