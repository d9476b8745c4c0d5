#include "mojifinder/http_conversation.hpp"

#include <zlib.h>

#include <array>
#include <charconv>
#include <optional>
#include <span>
#include <utility>

#include "mojifinder/answer.hpp"
#include "mojifinder/escape.hpp"
#include "mojifinder/language_name.hpp"
#include "mojifinder/http_message.hpp"
#include "mojifinder/query.hpp"
#include "mojifinder/render.hpp"
#include "mojifinder/utf8.hpp"
#include "mojifinder/words.hpp"
#include "mojifinder/web_assets.hpp"

namespace mojifinder {

namespace {

constexpr std::string_view json_type = "application/json";
constexpr std::string_view json_utf8_type = "application/json; charset=utf-8";
constexpr std::string_view html_type = "text/html; charset=utf-8";

// What every page is sent with: nothing but its own files may load or run,
// it may not be framed, and forms go only to itself.
constexpr std::string_view page_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

// Static files may be kept a day by a browser; they change with a new
// version only.
constexpr std::string_view static_cache = "public, max-age=86400";

// What a connection keeps of its last request's strings between requests.
constexpr std::size_t idle_room = 256;

// Compression of long answers: the fastest level, and a small window and
// hash, so that a client that accepts gzip and reads nothing costs tens
// of kilobytes, not the 256 KB of zlib's defaults. Names repeat within a
// few hundred bytes, so little is lost.
constexpr int gzip_level = 1;
constexpr int gzip_window_bits = 12;
constexpr int gzip_memory_level = 5;

// The thread's buffers for what surrounds a piece: the head and a chunk's
// size, the page's top or bottom, compressed bytes. A piece is written, or
// copied, before another conversation on the thread gathers its own.
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

// A query parameter as a number in [low, high]: nullopt when absent, and
// `type` and `message` set as pydantic writes them when it is not one.
struct NumberParameter {
  std::optional<std::size_t> value;
  std::string_view type;  // empty: no error
  std::string message;
};
NumberParameter number_parameter(std::string_view query, std::string_view name, std::size_t low, std::size_t high) {
  bool malformed = false;
  const auto text = query_parameter(query, name, malformed);
  NumberParameter out;
  if (!text && !malformed) return out;
  std::size_t value = 0;
  const auto* first = text ? text->data() : nullptr;
  const auto* last = text ? text->data() + text->size() : nullptr;
  const auto [end, ec] = std::from_chars(first, last, value);
  if (malformed || !text || text->empty() || ec == std::errc::invalid_argument || end != last) {
    out.type = "type_error.integer";
    out.message = "value is not a valid integer";
    return out;
  }
  if (ec == std::errc::result_out_of_range || value > high) {
    out.type = "value_error.number.not_le";
    out.message = "ensure this value is less than or equal to " + std::to_string(high);
    return out;
  }
  if (value < low) {
    out.type = "value_error.number.not_ge";
    out.message = "ensure this value is greater than or equal to " + std::to_string(low);
    return out;
  }
  out.value = value;
  return out;
}

// `/?q=cat+face&lang=fr&offset=100`: a link to another page of the same
// query.
void append_page_link(std::string& out, std::string_view query, const NameIndex::Locale* language,
                      std::size_t offset) {
  static constexpr char hex[] = "0123456789ABCDEF";
  out += "/?q=";
  for (const char c : query) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') ||
        byte == '-' || byte == '.' || byte == '_' || byte == '~' || byte == '*') {
      out += c;
    } else if (byte == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[byte >> 4];
      out += hex[byte & 0xF];
    }
  }
  out += "&amp;lang=";
  if (language != nullptr) out += language->code();
  if (offset > 0) {
    out += "&amp;offset=";
    append_decimal(out, offset);
  }
}

// The languages, and what each is called in itself: the same for every
// request, so made once per thread.
const std::vector<std::pair<std::string_view, std::string>>& language_names(const NameIndex& index) {
  thread_local const NameIndex* named_for = nullptr;
  thread_local std::vector<std::pair<std::string_view, std::string>> names;
  if (named_for != &index) {
    names.clear();
    for (const auto& locale : index.locales()) names.emplace_back(locale.code(), language_name(locale.code()));
    named_for = &index;
  }
  return names;
}

// GET /languages: [{"code":"af","name":"Afrikaans"},...].
std::string_view languages_json(const NameIndex& index) {
  thread_local const NameIndex* made_for = nullptr;
  thread_local std::string json;
  if (made_for != &index) {
    json = "[";
    for (const auto& [code, name] : language_names(index)) {
      if (json.size() > 1) json += ',';
      json += "{\"code\":\"";
      json += code;
      json += "\",\"name\":\"";
      append_json_text(json, name);
      json += "\"}";
    }
    json += ']';
    made_for = &index;
  }
  return json;
}

// The page's language selector: names only, then every language, the one
// in use selected.
void append_language_options(std::string& out, const NameIndex& index, const NameIndex::Locale* selected) {
  out += "<option value=\"\">Names only</option>";
  for (const auto& [code, name] : language_names(index)) {
    out += "<option value=\"";
    out += code;
    out += '"';
    if (selected != nullptr && selected->code() == code) out += " selected";
    out += '>';
    append_html_text(out, name);
    out += "</option>";
  }
}

// The first language of an Accept-Language header (`fr-CH, fr;q=0.9, en;q=0.8`)
// the index has, in the order given (browsers list them by preference);
// null when none is.
const NameIndex::Locale* preferred_locale(const NameIndex& index, std::string_view header) {
  while (!header.empty()) {
    const auto comma = std::min(header.find(','), header.size());
    auto range = header.substr(0, comma);
    header.remove_prefix(std::min(header.size(), comma + 1));
    range = range.substr(0, range.find(';'));
    while (!range.empty() && (range.front() == ' ' || range.front() == '\t')) range.remove_prefix(1);
    while (!range.empty() && (range.back() == ' ' || range.back() == '\t')) range.remove_suffix(1);
    if (const auto* locale = index.find_locale(range)) return locale;
  }
  return nullptr;
}

}  // namespace

// A gzip stream over the pieces of one answer.
struct HttpConversation::Gzip {
  z_stream stream{};
  bool ok = false;

  Gzip() { ok = deflateInit2(&stream, gzip_level, Z_DEFLATED, 16 + gzip_window_bits, gzip_memory_level,
                             Z_DEFAULT_STRATEGY) == Z_OK; }
  ~Gzip() {
    if (ok) deflateEnd(&stream);
  }
  Gzip(const Gzip&) = delete;
  Gzip& operator=(const Gzip&) = delete;

  // Compresses `parts` into `out` (replacing it): flushed so that the
  // client can show what came, or finished for the last piece.
  void compress(std::span<const std::string_view> parts, bool last, std::string& out) {
    std::size_t input = 0;
    for (const auto part : parts) input += part.size();
    out.resize(deflateBound(&stream, input) + 64);
    std::size_t used = 0;
    // Runs deflate once with room in `out`, which grows when full.
    const auto step = [&](int flush) {
      if (used == out.size()) out.resize(out.size() * 2);
      stream.next_out = reinterpret_cast<Bytef*>(out.data() + used);
      stream.avail_out = static_cast<uInt>(out.size() - used);
      const int status = deflate(&stream, flush);
      used = out.size() - stream.avail_out;
      return status;
    };
    for (const auto part : parts) {
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(part.data()));
      stream.avail_in = static_cast<uInt>(part.size());
      while (stream.avail_in > 0) {
        if (step(Z_NO_FLUSH) == Z_STREAM_ERROR) break;
      }
    }
    // A sync flush is done when deflate leaves room unused; a finish when
    // it says the stream has ended.
    for (;;) {
      const int status = step(last ? Z_FINISH : Z_SYNC_FLUSH);
      if (status == Z_STREAM_END || status == Z_STREAM_ERROR || (!last && used < out.size())) break;
    }
    out.resize(used);
  }
};

// The response in progress.
struct HttpConversation::Reply {
  enum class Kind : unsigned char { fixed, search, page };
  // A search's answer is gathered at once when it fits a piece (sent with
  // its length); otherwise it is counted first, for X-Total-Count and the
  // caption, then sent in chunks.
  enum class Phase : unsigned char { first, counting, streaming };

  Kind kind = Kind::fixed;
  Phase phase = Phase::first;
  int status = 200;
  bool head_only = false;   // HEAD: the head the GET would send
  bool keep_alive = true;
  bool chunked = true;      // HTTP/1.1; HTTP/1.0 gets a body that ends with the connection
  bool accepts_gzip = false;
  std::string_view content_type;
  std::string_view cache_control;
  std::string_view security_policy;
  std::string_view allow;   // 405: the methods the path takes
  std::string_view body;    // fixed: a file's bytes, or `text`
  std::string text;         // fixed: a body made for this request
  std::string query;        // search, page: the query, decoded and stripped
  std::string error;        // page: why the query cannot be answered
  std::size_t limit = 0;    // results shown at most; 0: all
  std::size_t offset = 0;   // results passed over first
  const NameIndex::Locale* language = nullptr;  // lang: keywords and short names count too
  std::size_t total = 0;    // the query's results, once counted
  bool searched = false;    // search, page: a query is searched (not empty, not malformed)
  std::unique_ptr<Gzip> gzip;  // while a long answer is compressed

  // For the next request: as new, but the strings keep their room, so
  // that a keep-alive connection allocates nothing per request for them.
  void reset() {
    auto kept_text = std::move(text), kept_query = std::move(query), kept_error = std::move(error);
    *this = Reply{};
    text = std::move(kept_text);
    query = std::move(kept_query);
    error = std::move(kept_error);
    text.clear();
    query.clear();
    error.clear();
  }
};

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
      failed_ = true;
      if (log_) log_->heard("a request it could not read");
      begin_error(reader_.failure().status, reader_.failure().reason, true);
      return Step::reply;
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
  const auto target = split_target(request.target);
  const auto path = target.path;

  // Every path takes GET and HEAD only.
  enum class Route { search, page, languages, openapi, healthz, metrics, script, style, icon, none };
  const auto route = path == "/search"                                ? Route::search
                     : path == "/languages"                           ? Route::languages
                     : path == "/"                                    ? Route::page
                     : path == "/openapi.json"                        ? Route::openapi
                     : path == "/healthz"                             ? Route::healthz
                     : path == "/metrics"                             ? Route::metrics
                     : path == "/mojifinder.js"                       ? Route::script
                     : path == "/mojifinder.css"                      ? Route::style
                     : path == "/favicon.svg" || path == "/favicon.ico" ? Route::icon
                                                                      : Route::none;
  if (route == Route::none) return begin_error(404, "Not Found");
  if (!readable) {
    reply.allow = "GET, HEAD";
    return begin_error(405, "Method Not Allowed");
  }
  switch (route) {
    case Route::search: return begin_search(target.query, false);
    case Route::page: return begin_search(target.query, true, request.accept_language);
    case Route::languages:
      return begin_fixed(json_utf8_type, languages_json(index_), "max-age=3600");
    case Route::openapi: return begin_fixed(json_type, web::openapi(), {});
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
      append_metrics(reply.text, counters_, index_.unicode_version());
      return begin_fixed("text/plain; version=0.0.4; charset=utf-8", reply.text, "no-store");
    case Route::script: return begin_fixed("text/javascript; charset=utf-8", web::script(), static_cache);
    case Route::style: return begin_fixed("text/css; charset=utf-8", web::style(), static_cache);
    case Route::icon: return begin_fixed("image/svg+xml", web::icon(), static_cache);
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

void HttpConversation::begin_search(std::string_view query_string, bool page, std::string_view accept_language) {
  auto& reply = *reply_;
  bool malformed = false;
  auto q = query_parameter(query_string, "q", malformed);
  if (malformed) return begin_error(400, "q is not percent-encoded properly");
  if (!q && !page) return begin_validation_error("q", "field required", "value_error.missing");
  const auto limit = number_parameter(query_string, "limit", 1, max_http_limit);
  if (!page && !limit.type.empty()) return begin_validation_error("limit", limit.message, limit.type);
  const auto offset = number_parameter(query_string, "offset", 0, max_http_offset);
  if (!offset.type.empty()) return begin_validation_error("offset", offset.message, offset.type);
  if (q && !utf8::is_valid(*q)) {
    counters_.count_error(ServerCounters::not_utf8);
    return begin_error(400, "q is not UTF-8 once decoded");
  }
  // `lang=fr`: keywords and short names in French count too; `lang=` for
  // names only. The page with no `lang` takes the browser's language.
  const auto lang = query_parameter(query_string, "lang", malformed);
  if (malformed) return begin_error(400, "lang is not percent-encoded properly");
  if (lang && !lang->empty()) {
    reply.language = index_.find_locale(*lang);
    if (reply.language == nullptr && !page) {
      return begin_validation_error("lang", "unknown language: GET /languages lists them", "value_error.language");
    }
  } else if (!lang && page) {
    reply.language = preferred_locale(index_, accept_language);
  }
  reply.kind = page ? Reply::Kind::page : Reply::Kind::search;
  reply.content_type = page ? html_type : json_utf8_type;
  reply.limit = page ? page_results : limit.value.value_or(0);
  reply.offset = offset.value.value_or(0);
  if (page) reply.security_policy = page_security_policy;
  // The query as a line would give it: stripped, and searched unless it is
  // empty; but a control character anywhere, first too, is an error (a
  // URL has no session to end).
  const auto text = strip_white_space(q ? std::string_view(*q) : std::string_view());
  auto error = check_query_text(text);
  if (!error) reply.query.assign(text);
  if (!error && !reply.query.empty()) {
    counters_.count(counters_.queries);
    counters_.count(counters_.queries_by_protocol[ServerCounters::http]);
    error = start_answer();
    reply.searched = !error;
  }
  if (error) {
    if (!page) return begin_error(400, std::move(error->detail));
    // The page says why, where the caption would count the results.
    reply.status = 400;
    reply.error = std::move(error->detail);
    if (reply.query.empty()) reply.query.assign(*q);
  }
}

std::optional<QueryError> HttpConversation::start_answer() {
  const auto& reply = *reply_;
  return answer_.start(index_, Query{reply.query, reply.language, reply.limit, reply.offset});
}

void HttpConversation::append_head(std::string& out, std::optional<std::size_t> content_length, bool gzip) const {
  const auto& reply = *reply_;
  // The thread's: its list of headers keeps its room from one response to
  // the next.
  thread_local HttpResponseHead head;
  head.headers.clear();
  head.status = reply.status;
  counters_.count_http_status(reply.status);
  head.content_type = reply.content_type;
  head.content_length = content_length;
  head.body_until_close = !content_length && !reply.chunked;
  head.keep_alive = reply.keep_alive && !failed_ && (content_length || reply.chunked);
  if (gzip) head.headers.emplace_back("Content-Encoding", "gzip");
  if (reply.kind == Reply::Kind::search) {
    head.headers.emplace_back("X-Total-Count", std::to_string(reply.total));
  }
  if (reply.kind != Reply::Kind::fixed || !reply.cache_control.empty()) {
    head.headers.emplace_back("Vary", "Accept-Encoding");
  }
  if (!reply.cache_control.empty()) head.headers.emplace_back("Cache-Control", reply.cache_control);
  if (!reply.security_policy.empty()) {
    head.headers.emplace_back("Content-Security-Policy", reply.security_policy);
    head.headers.emplace_back("X-Content-Type-Options", "nosniff");
    head.headers.emplace_back("Referrer-Policy", "no-referrer");
  }
  if (!reply.allow.empty()) head.headers.emplace_back("Allow", reply.allow);
  append_response_head(out, head);
}

bool HttpConversation::next_piece(AnswerPiece& piece) {
  auto& reply = *reply_;
  if (reply.kind != Reply::Kind::fixed) return next_search_piece(piece);
  piece.parts.clear();
  piece.work = 0;
  auto& framing = thread_framing();
  framing.clear();
  const bool gzip = reply.accepts_gzip && reply.body.size() >= gzip_min_bytes && reply.status == 200;
  std::string_view body = reply.body;
  if (gzip) {
    Gzip compressor;
    auto& compressed = thread_compressed();
    compressor.compress(std::span(&body, 1), true, compressed);
    body = compressed;
  }
  reply.keep_alive = reply.keep_alive && !failed_;
  append_head(framing, body.size(), gzip);
  piece.parts.push_back(framing);
  if (!reply.head_only && !body.empty()) piece.parts.push_back(body);
  return true;
}

std::size_t HttpConversation::page_shown() const noexcept {
  const auto& reply = *reply_;
  const auto left = reply.total - std::min(reply.total, reply.offset);
  return reply.limit == 0 ? left : std::min(reply.limit, left);
}

void HttpConversation::render_page_top(std::string& out) const {
  const auto& reply = *reply_;
  const auto page = web::page_template();
  const auto rows = page.find("{{rows}}");
  auto top = page.substr(0, rows);
  while (!top.empty()) {
    const auto open = top.find("{{");
    out += top.substr(0, open);
    if (open == std::string_view::npos) break;
    const auto close = top.find("}}", open);
    const auto name = top.substr(open + 2, close - open - 2);
    top.remove_prefix(close + 2);
    if (name == "title") {
      if (!reply.query.empty()) {
        append_html_text(out, reply.query);
        out += " \xE2\x80\x93 ";  // an en dash
      }
      out += "Mojifinder";
    } else if (name == "query") {
      append_html_text(out, reply.query);
    } else if (name == "caption") {
      if (!reply.error.empty()) {
        append_html_text(out, reply.error);
      } else if (reply.searched) {
        append_decimal(out, reply.total);
        out += reply.total == 1 ? " character found" : " characters found";
      }
    } else if (name == "total") {
      if (reply.searched) append_decimal(out, reply.total);
    } else if (name == "next") {
      if (reply.searched) append_decimal(out, reply.offset + page_shown());
    } else if (name == "languages") {
      append_language_options(out, index_, reply.language);
    }
  }
}

void HttpConversation::render_page_bottom(std::string& out) const {
  const auto& reply = *reply_;
  const auto page = web::page_template();
  auto bottom = page.substr(page.find("{{rows}}") + 8);
  const auto pager = bottom.find("{{pager}}");
  out += bottom.substr(0, pager);
  if (reply.searched) {
    const auto shown = page_shown();
    const auto first = reply.offset;
    if (first > 0) {
      out += "<a rel=\"prev\" href=\"";
      append_page_link(out, reply.query, reply.language, first > page_results ? first - page_results : 0);
      out += "\">Previous ";
      append_decimal(out, std::min(first, page_results));
      out += "</a> ";
    }
    if (shown > 0) {
      out += "<span>";
      append_decimal(out, first + 1);
      out += " to ";
      append_decimal(out, first + shown);
      out += " of ";
      append_decimal(out, reply.total);
      out += "</span>";
    }
    if (first + shown < reply.total) {
      out += " <a rel=\"next\" href=\"";
      append_page_link(out, reply.query, reply.language, first + shown);
      out += "\">Next ";
      append_decimal(out, std::min(page_results, reply.total - first - shown));
      out += "</a>";
    }
  }
  out += bottom.substr(pager + 9);
}

bool HttpConversation::next_search_piece(AnswerPiece& piece) {
  auto& reply = *reply_;
  const AnswerFormat format = reply.kind == Reply::Kind::page ? AnswerFormat::html_rows : AnswerFormat::json_array;
  const AnswerEncoding encoding{format, LineEnd::crlf};
  if (!reply.searched) {
    // Nothing searched: `[]`, or the page with no rows.
    piece.parts.clear();
    piece.staging.clear();
    piece.work = 0;
    if (format == AnswerFormat::json_array) {
      piece.staging = "[]";
      piece.parts.push_back(piece.staging);
    }
    frame(piece, true, true);
    return true;
  }
  switch (reply.phase) {
    case Reply::Phase::first: {
      if (answer_.next_piece(encoding, piece)) {
        reply.total = answer_.page().total;
        frame(piece, true, true);
        return true;
      }
      // Too long for one piece: the rest counted first, going on from
      // where this piece stopped, then the answer sent in chunks.
      reply.phase = Reply::Phase::counting;
      piece.parts.clear();
      return false;
    }
    case Reply::Phase::counting: {
      piece.parts.clear();
      std::size_t work = work_per_call;
      const bool counted = answer_.count_rest(work);
      piece.work = work_per_call - work;
      if (!counted) return false;
      reply.total = answer_.found();
      start_answer();  // it started once without an error
      reply.phase = Reply::Phase::streaming;
      if (reply.accepts_gzip) {
        reply.gzip = std::make_unique<Gzip>();
        if (!reply.gzip->ok) reply.gzip.reset();
      }
      piece.staging.clear();
      frame(piece, true, reply.head_only);
      return reply.head_only;
    }
    case Reply::Phase::streaming: {
      const bool last = answer_.next_piece(encoding, piece);
      frame(piece, false, last);
      return last;
    }
  }
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
  if (whole && reply.accepts_gzip && size >= gzip_min_bytes) {
    reply.gzip = std::make_unique<Gzip>();
    if (!reply.gzip->ok) reply.gzip.reset();
  }
  const bool gzip = reply.gzip != nullptr;
  // A HEAD's length is the compressed body's, as its GET's would be.
  if (gzip && (!reply.head_only || whole)) {
    auto& compressed = thread_compressed();
    reply.gzip->compress(content, last, compressed);
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
