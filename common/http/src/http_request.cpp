#include "mojifinder/http/http_request.hpp"

#include <llhttp.h>

#include <algorithm>

#include "mojifinder/text/ascii.hpp"

namespace mojifinder {

namespace {

using ascii::equal_ignoring_case;
constexpr auto trim = ascii::trim_spaces_and_tabs;

// Whether an item's parameters (`;q=0`, `; Q=0.000`) give it a weight of
// zero: parameter names are case-insensitive.
bool weighs_zero(std::string_view parameters) {
  bool zero = false;
  while (!parameters.empty()) {
    parameters.remove_prefix(1);  // the `;`
    const auto end = std::min(parameters.find(';'), parameters.size());
    const auto parameter = trim(parameters.substr(0, end));
    parameters.remove_prefix(end);
    const auto equals = parameter.find('=');
    if (equals == std::string_view::npos || !equal_ignoring_case(trim(parameter.substr(0, equals)), "q")) continue;
    const auto weight = trim(parameter.substr(equals + 1));
    zero = !weight.empty() && weight.find_first_not_of("0.") == std::string_view::npos;
  }
  return zero;
}

// Whether an Accept-Encoding value (RFC 9110, 12.5.3), all its field lines
// combined, allows gzip: named with a weight that is not zero (named with
// zero anywhere refuses it), or else `*` with one.
bool allows_gzip(std::string_view value) {
  bool named = false, refused = false, any = false;
  while (!value.empty()) {
    const auto comma = std::min(value.find(','), value.size());
    auto item = value.substr(0, comma);
    value.remove_prefix(std::min(comma + 1, value.size()));
    const auto semicolon = std::min(item.find(';'), item.size());
    const auto coding = trim(item.substr(0, semicolon));
    const bool zero = weighs_zero(item.substr(semicolon));
    if (equal_ignoring_case(coding, "gzip")) {
      named = true;
      refused = refused || zero;
    } else if (coding == "*") {
      any = !zero;
    }
  }
  return named ? !refused : any;
}

}  // namespace

// llhttp's state and the callbacks that feed the reader.
struct HttpRequestReader::Parser {
  llhttp_t parser;

  static HttpRequestReader& reader(llhttp_t* p) { return *static_cast<HttpRequestReader*>(p->data); }

  static const llhttp_settings_t& settings() {
    static const llhttp_settings_t settings = [] {
      llhttp_settings_t s;
      llhttp_settings_init(&s);
      s.on_message_begin = [](llhttp_t* p) {
        reader(p).started_ = true;
        return 0;
      };
      s.on_method = [](llhttp_t* p, const char* at, std::size_t length) {
        reader(p).request_.method.append(at, length);
        return 0;
      };
      s.on_url = [](llhttp_t* p, const char* at, std::size_t length) {
        auto& r = reader(p);
        if (r.request_.target.size() + length > r.limits_.max_target_bytes) {
          r.fail(414, "the request target is longer than " + std::to_string(r.limits_.max_target_bytes) + " bytes");
          return -1;
        }
        r.request_.target.append(at, length);
        return 0;
      };
      s.on_header_field = [](llhttp_t* p, const char* at, std::size_t length) {
        auto& r = reader(p);
        if (r.in_value_) r.take_header();
        return r.failed_ ? -1 : r.grow_header(r.field_, at, length);
      };
      s.on_header_value = [](llhttp_t* p, const char* at, std::size_t length) {
        auto& r = reader(p);
        r.in_value_ = true;
        return r.grow_header(r.value_, at, length);
      };
      s.on_headers_complete = [](llhttp_t* p) {
        auto& r = reader(p);
        if (r.in_value_) r.take_header();
        if (r.failed_) return -1;
        r.request_.accepts_gzip = allows_gzip(r.accept_encoding_);
        // RFC 9112 3.2: an HTTP/1.1 request without Host, or any with two,
        // is refused, so that no two readers of it can disagree on its host.
        if (r.hosts_ > 1 || (r.hosts_ == 0 && p->http_major == 1 && p->http_minor >= 1)) {
          r.fail(400, r.hosts_ > 1 ? "a request with more than one Host header" : "an HTTP/1.1 request without Host");
          return -1;
        }
        r.request_.version_major = p->http_major;
        r.request_.version_minor = p->http_minor;
        r.request_.keep_alive = llhttp_should_keep_alive(p) != 0;
        // An offer to switch protocols (Upgrade: h2c, websocket) is
        // ignored, as RFC 9110 7.8 allows: the request is answered as
        // HTTP/1.1 and the connection goes on. So is CONNECT's tunnel,
        // which is refused with 405: the bytes after either are the next
        // request, not another protocol's.
        p->upgrade = 0;
        // A client that waits for 100 Continue before it sends its body is
        // answered at once instead, with the final status (no path takes a
        // body), and the connection closes after it: the body it may send
        // anyway is then never taken for a request (RFC 9110 10.1.1).
        const bool has_body = (p->flags & F_CHUNKED) != 0 || ((p->flags & F_CONTENT_LENGTH) != 0 && p->content_length > 0);
        if (r.expects_continue_ && has_body) {
          r.request_.keep_alive = false;
          r.complete_ = r.cut_short_ = true;
          return static_cast<int>(HPE_PAUSED);
        }
        return 0;
      };
      s.on_body = [](llhttp_t* p, const char*, std::size_t length) {
        auto& r = reader(p);
        r.body_bytes_ += length;
        if (r.body_bytes_ > r.limits_.max_body_bytes) {
          r.fail(413, "a request body is longer than " + std::to_string(r.limits_.max_body_bytes) + " bytes");
          return -1;
        }
        return 0;
      };
      s.on_message_complete = [](llhttp_t* p) {
        reader(p).complete_ = true;
        return static_cast<int>(HPE_PAUSED);  // one request at a time
      };
      return s;
    }();
    return settings;
  }
};

HttpRequestReader::HttpRequestReader(Limits limits) : limits_(limits), parser_(std::make_unique<Parser>()) {
  llhttp_init(&parser_->parser, HTTP_REQUEST, &Parser::settings());
  parser_->parser.data = this;
  // Any one-digit version is read, so that the conversation answers a
  // later 1.x as 1.1 (RFC 9110 2.5) and refuses a 3.0 with 505 as it does
  // 2.0, rather than llhttp calling them malformed.
  parser_->parser.lenient_flags |= LENIENT_VERSION;
}

HttpRequestReader::~HttpRequestReader() = default;

void HttpRequestReader::fail(int status, std::string reason) {
  failed_ = true;
  failure_ = {status, std::move(reason)};
}

// Header names and values count against one bound together.
int HttpRequestReader::grow_header(std::string& into, const char* at, std::size_t length) {
  header_bytes_ += length;
  if (header_bytes_ > limits_.max_header_bytes) {
    fail(431, "the request's headers are longer than " + std::to_string(limits_.max_header_bytes) + " bytes");
    return -1;
  }
  into.append(at, length);
  return 0;
}

void HttpRequestReader::take_header() {
  in_value_ = false;
  if (++headers_ > limits_.max_headers) {
    fail(431, "the request has more than " + std::to_string(limits_.max_headers) + " headers");
    return;
  }
  if (equal_ignoring_case(field_, "host")) {
    ++hosts_;
    request_.host = value_;
  } else if (equal_ignoring_case(field_, "accept-encoding")) {
    // Field lines of one name combine, in order, as one list.
    if (!accept_encoding_.empty()) accept_encoding_ += ", ";
    accept_encoding_ += value_;
  } else if (equal_ignoring_case(field_, "if-none-match")) {
    if (!request_.if_none_match.empty()) request_.if_none_match += ", ";
    request_.if_none_match += value_;
  } else if (equal_ignoring_case(field_, "accept-language")) {
    if (!request_.accept_language.empty()) request_.accept_language += ", ";
    request_.accept_language += value_;
  } else if (equal_ignoring_case(field_, "expect")) {
    expects_continue_ = equal_ignoring_case(trim(value_), "100-continue");
  }
  field_.clear();
  value_.clear();
}

HttpRequestReader::Step HttpRequestReader::read(std::string_view bytes) {
  if (failed_) return {Outcome::failed, 0};
  // After a request answered before its body: the connection is closing,
  // and nothing after is a request.
  if (cut_short_) return {Outcome::need_more, bytes.size()};
  auto& p = parser_->parser;
  const auto error = llhttp_execute(&p, bytes.data(), bytes.size());
  if (error == HPE_OK) return {Outcome::need_more, bytes.size()};
  if (error == HPE_PAUSED && complete_) {
    const auto consumed = static_cast<std::size_t>(llhttp_get_error_pos(&p) - bytes.data());
    return {Outcome::complete, consumed};
  }
  if (!failed_) fail(400, std::string("a malformed request: ") + llhttp_get_error_reason(&p));
  return {Outcome::failed, bytes.size()};
}

HttpRequestReader::Outcome HttpRequestReader::finish() {
  if (failed_) return Outcome::failed;
  if (cut_short_) return Outcome::need_more;
  if (llhttp_finish(&parser_->parser) != HPE_OK || started_) {
    fail(400, "the connection ended in the middle of a request");
    return Outcome::failed;
  }
  return Outcome::need_more;
}

void HttpRequestReader::next() {
  request_ = HttpRequest{};
  field_.clear();
  value_.clear();
  accept_encoding_.clear();
  header_bytes_ = headers_ = body_bytes_ = hosts_ = 0;
  started_ = complete_ = in_value_ = expects_continue_ = false;
  if (cut_short_) return;  // llhttp stays where the body began
  // Paused at the end of the last request, llhttp has yet to step past it:
  // an empty read lets it, so that an end of stream here is a clean one.
  llhttp_resume(&parser_->parser);
  static constexpr char nothing[1] = {};
  llhttp_execute(&parser_->parser, nothing, 0);
}

}  // namespace mojifinder
