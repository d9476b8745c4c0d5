#include "http_reply.hpp"

#include <optional>

#include "mojifinder/http/http_message.hpp"
#include "mojifinder/http/web_assets.hpp"
#include "mojifinder/text/ascii.hpp"
#include "mojifinder/text/escape.hpp"

namespace mojifinder {

namespace http {

std::string& thread_framing() {
  thread_local std::string text;
  return text;
}
std::string& thread_around() {
  thread_local std::string text;
  return text;
}
std::string& thread_compressed() {
  thread_local std::string text;
  return text;
}
std::vector<std::string_view>& thread_content() {
  thread_local std::vector<std::string_view> parts;
  return parts;
}

}  // namespace http

using namespace http;

HttpConversation::HttpConversation(const NameIndex& index, ServerCounters& counters, ConversationLog* log,
                                   HttpRequestReader::Limits limits)
    : index_(index), counters_(counters), log_(log), reader_(limits) {}

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
      begin_error(reader_.failure().status, reader_.failure().reason, true);
      reply_->head_only = head;
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

bool HttpConversation::end_reply() {
  bool go_on = !failed_;
  if (reply_) {
    go_on = go_on && reply_->keep_alive;
    if (log_ && reply_->kind != Reply::Kind::fixed && reply_->status == 200) {
      log_->answered(std::to_string(reply_->total) + " results.");
    }
    reply_->gzip.reset();
    // An idle connection keeps little: room for a short query only.
    if (reply_->text.capacity() > idle_room) std::string().swap(reply_->text);
    if (reply_->query.capacity() > idle_room) std::string().swap(reply_->query);
  }
  answer_.end();
  if (input_.capacity() > 1024 && input_at_ == input_.size()) std::string().swap(input_);
  return go_on && !at_end_;
}

void HttpConversation::begin(const HttpRequest& request) {
  if (!reply_) reply_ = std::make_unique<Reply>();
  auto& reply = *reply_;
  reply.reset();
  if (log_) {
    std::string heard;
    append_log_text(heard, request.method);
    heard += ' ';
    append_log_quoted(heard, request.target);
    log_->heard(heard);
  }
  const bool http_1_1 = request.version_major > 1 || (request.version_major == 1 && request.version_minor >= 1);
  reply.keep_alive = request.keep_alive;
  reply.chunked = http_1_1;
  reply.accepts_gzip = request.accepts_gzip;
  reply.head_only = request.method == "HEAD";
  const bool readable = request.method == "GET" || reply.head_only;
  // HTTP/1.x only (an HTTP/2 client says so by its preface, which llhttp
  // refuses with 400): a major version of 2 or more in a request line is
  // a client this server cannot speak to.
  if (request.version_major != 1) {
    reply.keep_alive = false;  // and a HEAD's answer is still a head alone
    return begin_error(505, "HTTP Version Not Supported");
  }
  // OPTIONS * asks what the server as a whole takes.
  if (request.method == "OPTIONS" && request.target == "*") {
    reply.allow = "GET, HEAD";
    reply.text.clear();
    return begin_fixed({}, reply.text, {});
  }
  const auto target = split_target(request.target);
  const auto path = target.path;

  // Every path takes GET and HEAD only.
  enum class Route { search, page, languages, openapi, healthz, metrics, script, style, icon, none };
  const auto route = path == "/search"                                  ? Route::search
                     : path == "/languages"                             ? Route::languages
                     : path == "/"                                      ? Route::page
                     : path == "/openapi.json"                          ? Route::openapi
                     : path == "/healthz"                               ? Route::healthz
                     : path == "/metrics"                               ? Route::metrics
                     : path == web::script_path()                       ? Route::script
                     : path == web::style_path()                        ? Route::style
                     : path == web::icon_path()                         ? Route::icon
                     : path == "/mojifinder.js"                         ? Route::script
                     : path == "/mojifinder.css"                        ? Route::style
                     : path == "/favicon.svg" || path == "/favicon.ico" ? Route::icon
                                                                        : Route::none;
  // CONNECT names a host, not a path: no route takes it.
  if (route == Route::none && request.method != "CONNECT") return begin_error(404, "Not Found");
  if (!readable) {
    reply.allow = "GET, HEAD";
    return begin_error(405, "Method Not Allowed");
  }
  // A static file under its digest's name is kept for good; under its
  // plain name (an old page's link, a browser's own /favicon.ico) it is
  // asked again now and then.
  const auto static_file = [&](std::string_view content_type, std::string_view body, std::string_view digest_path) {
    const bool named_by_digest = path == digest_path;
    begin_fixed(content_type, body, named_by_digest ? immutable_cache : revalidated_cache);
    tag_entity(digest_path, {}, request.if_none_match);
  };
  switch (route) {
    case Route::search:
    case Route::page:
      begin_search(target.query, route == Route::page, request.accept_language);
      if (reply.status != 200) return;
      reply.cache_control = revalidated_cache;
      return tag_entity(index_identity(), request.target, request.if_none_match);
    case Route::languages:
      begin_fixed(json_type, languages_json(index_), "public, max-age=3600");
      return tag_entity(index_identity(), request.target, request.if_none_match);
    case Route::openapi:
      begin_fixed(json_type, openapi_document(), revalidated_cache);
      return tag_entity(index_identity(), request.target, request.if_none_match);
    case Route::healthz: {
      // For a balancer's checks: 503 once the server is stopping, so that
      // it sends new clients elsewhere.
      const bool stopping = counters_.stopping.load(std::memory_order_relaxed);
      reply.text = stopping ? "{\"status\":\"stopping\"}" : "{\"status\":\"serving\"}";
      begin_fixed(json_type, reply.text, "no-store");
      reply.status = stopping ? 503 : 200;
      return;
    }
    case Route::metrics:
      append_metrics(reply.text, counters_, index_);
      return begin_fixed("text/plain; version=0.0.4; charset=utf-8", reply.text, "no-store");
    case Route::script: return static_file("text/javascript; charset=utf-8", web::script(), web::script_path());
    case Route::style: return static_file("text/css; charset=utf-8", web::style(), web::style_path());
    case Route::icon: return static_file("image/svg+xml", web::icon(), web::icon_path());
    case Route::none: break;
  }
}

void HttpConversation::begin_fixed(std::string_view content_type, std::string_view body,
                                   std::string_view cache_control) {
  auto& reply = *reply_;
  reply.kind = Reply::Kind::fixed;
  reply.content_type = content_type;
  reply.body = body;
  reply.cache_control = cache_control;
}

void HttpConversation::begin_error(int status, std::string detail, bool close) {
  if (!reply_) reply_ = std::make_unique<Reply>();
  auto& reply = *reply_;
  if (close) {
    reply.reset();
    reply.keep_alive = false;
  }
  reply.kind = Reply::Kind::fixed;
  reply.status = status;
  reply.content_type = json_type;
  reply.text = "{\"detail\":\"";
  append_json_text(reply.text, detail);
  reply.text += "\"}";
  reply.body = reply.text;
  if (log_) {
    std::string answered = std::to_string(status) + " ";
    append_log_text(answered, detail);
    log_->answered(answered);
  }
}

void HttpConversation::begin_validation_error(std::string_view parameter, std::string_view message,
                                              std::string_view type) {
  auto& reply = *reply_;
  reply.kind = Reply::Kind::fixed;
  reply.status = 422;
  reply.content_type = json_type;
  reply.text = "{\"detail\":[{\"loc\":[\"query\",\"";
  reply.text += parameter;
  reply.text += "\"],\"msg\":\"";
  reply.text += message;
  reply.text += "\",\"type\":\"";
  reply.text += type;
  reply.text += "\"}]}";
  reply.body = reply.text;
  if (log_) log_->answered("422 " + std::string(parameter) + ": " + std::string(message));
}

void HttpConversation::append_head(std::string& out, std::optional<std::size_t> content_length, bool gzip) const {
  const auto& reply = *reply_;
  // The thread's: its list of headers keeps its room from one response to
  // the next.
  thread_local HttpResponseHead head;
  head.headers.clear();
  head.status = reply.status;
  counters_.count_http_status(reply.status);
  head.content_type = reply.not_modified() ? std::string_view() : reply.content_type;
  head.content_length = content_length;
  head.body_until_close = !content_length && !reply.chunked;
  head.keep_alive = reply.keep_alive && !failed_ && (content_length || reply.chunked);
  if (gzip) head.headers.emplace_back("Content-Encoding", "gzip");
  if (reply.kind == Reply::Kind::search && !reply.not_modified()) {
    head.headers.emplace_back("X-Total-Count", std::to_string(reply.total));
    // The language the words were found in, without lang=: a code of
    // /languages, ASCII.
    if (!reply.found_in.empty()) head.headers.emplace_back("X-Found-In-Language", std::string(reply.found_in));
    // What was searched when typos were corrected, percent-encoded beyond
    // printable ASCII (a header's bytes), so that it decodes as q does.
    if (!reply.corrected.empty()) {
      std::string value;
      for (const char c : reply.corrected) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7F && byte != '%') {
          value += c;
        } else {
          value += '%';
          value += ascii::upper_hex_digits[byte >> 4];
          value += ascii::upper_hex_digits[byte & 0xF];
        }
      }
      head.headers.emplace_back("X-Corrected-Query", std::move(value));
    }
  }
  // What a cache must key the answer by beside its URL: the encoding
  // wherever gzip could have been chosen, and the browser's language when
  // the page took it from Accept-Language.
  const bool could_gzip = reply.kind != Reply::Kind::fixed || !reply.cache_control.empty() || reply.body_worth_gzip();
  if (reply.varies_by_language) {
    head.headers.emplace_back("Vary", "Accept-Encoding, Accept-Language");
  } else if (could_gzip) {
    head.headers.emplace_back("Vary", "Accept-Encoding");
  }
  if (!reply.cache_control.empty()) head.headers.emplace_back("Cache-Control", reply.cache_control);
  if (reply.tagged) head.headers.emplace_back("ETag", reply.etag.view());
  // Every body is what its Content-Type says, and a browser is told not to
  // guess otherwise.
  head.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (!reply.security_policy.empty()) {
    head.headers.emplace_back("Content-Security-Policy", reply.security_policy);
    head.headers.emplace_back("Referrer-Policy", "no-referrer");
  }
  if (!reply.allow.empty()) head.headers.emplace_back("Allow", reply.allow);
  head.date = http_date_now();  // an origin server with a clock sends it (RFC 9110 6.6.1)
  append_response_head(out, head);
}

bool HttpConversation::next_piece(AnswerPiece& piece) {
  auto& reply = *reply_;
  if (reply.kind != Reply::Kind::fixed && !reply.not_modified()) return next_search_piece(piece);
  piece.parts.clear();
  piece.work = 0;
  auto& framing = thread_framing();
  framing.clear();
  auto* compressor = reply.accepts_gzip && reply.body_worth_gzip() ? Gzip::for_one_body() : nullptr;
  const bool gzip = compressor != nullptr;
  std::string_view body = reply.body;
  if (gzip) {
    auto& compressed = thread_compressed();
    compressor->compress(std::span(&body, 1), true, compressed);
    body = compressed;
  }
  reply.keep_alive = reply.keep_alive && !failed_;
  append_head(framing, body.size(), gzip);
  piece.parts.push_back(framing);
  if (!reply.head_only && !body.empty()) piece.parts.push_back(body);
  return true;
}

// Turns the piece's bytes (a page's rows, or the API's JSON) into what
// goes on the wire: the head before the first, the page's top and bottom
// around the rows, compressed if the answer is, in a chunk when chunked.
void HttpConversation::frame(AnswerPiece& piece, bool first, bool last) {
  auto& reply = *reply_;
  auto& around = thread_around();
  around.clear();
  const bool page = reply.kind == Reply::Kind::page;
  // The page's top, then its bottom, in one buffer: the views are taken
  // once both are written.
  if (page && first) render_page_top(around);
  const auto top_size = around.size();
  if (page && last) render_page_bottom(around);
  const auto top = std::string_view(around).substr(0, top_size);
  const auto bottom = std::string_view(around).substr(top_size);
  auto& content = thread_content();
  content.clear();
  if (!top.empty()) content.push_back(top);
  for (const auto part : piece.parts) content.push_back(part);
  if (!bottom.empty()) content.push_back(bottom);
  // A page, or an answer that fit one piece, is sent with its length, and
  // compressed when worth it.
  const bool whole = first && last && reply.phase == Reply::Phase::first;
  std::size_t size = 0;
  for (const auto part : content) size += part.size();
  if (!whole && !reply.chunked) reply.keep_alive = false;  // HTTP/1.0: the close ends the body
  // A long answer's stream is the reply's, from piece to piece.
  auto* compressor = whole && reply.accepts_gzip && size >= gzip_min_bytes ? Gzip::for_one_body() : reply.gzip.get();
  const bool gzip = compressor != nullptr;
  // A HEAD's length is the compressed body's, as its GET's would be.
  if (gzip && (!reply.head_only || whole)) {
    auto& compressed = thread_compressed();
    compressor->compress(content, last, compressed);
    if (last) reply.gzip.reset();  // not held while the client reads the end
    content.clear();
    if (!compressed.empty()) content.push_back(compressed);
    size = compressed.size();
  }
  auto& framing = thread_framing();
  framing.clear();
  if (first) append_head(framing, whole ? std::optional<std::size_t>(size) : std::nullopt, gzip);
  auto& parts = piece.parts;
  parts.clear();
  if (reply.head_only) {
    if (!framing.empty()) parts.push_back(framing);
    return;
  }
  const bool chunked = !whole && reply.chunked;
  if (chunked && size > 0) append_chunk_size(framing, size);
  if (!framing.empty()) parts.push_back(framing);
  for (const auto part : content) parts.push_back(part);
  if (chunked && size > 0) parts.push_back(chunk_end);
  if (chunked && last) parts.push_back(last_chunk);
}

}  // namespace mojifinder
