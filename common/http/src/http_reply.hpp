// What the files of the HTTP conversation share: the response in
// progress, the gzip stream, the media types and the thread's buffers.
// Internal to mojifinder::common.
#pragma once

#include <zlib.h>

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mojifinder/http/http_conversation.hpp"
#include "mojifinder/http/http_message.hpp"
#include "mojifinder/index/name_index.hpp"

namespace mojifinder {

namespace http {

inline constexpr std::string_view json_type = "application/json; charset=utf-8";
inline constexpr std::string_view html_type = "text/html; charset=utf-8";

// What every page is sent with: nothing but its own files may load or run,
// it may not be framed, and forms go only to itself.
inline constexpr std::string_view page_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

// A static file under its digest's name never changes: kept for good.
inline constexpr std::string_view immutable_cache = "public, max-age=31536000, immutable";
// What may change with a new version or index (a file under its plain
// name, the API's description, answers): kept a while, then asked again,
// a 304 when nothing changed.
inline constexpr std::string_view revalidated_cache = "public, max-age=300";

// How the page shows results, as `view=` asks: as tiles or as lines, or as
// suits them (tiles when the first is a symbol).
enum class PageView : unsigned char { automatic, grid, list };

// What a connection keeps of its last request's strings between requests.
inline constexpr std::size_t idle_room = 256;

// The thread's buffers for what surrounds a piece: the head and a chunk's
// size, the page's top or bottom, compressed bytes (answer_stream.hpp says
// how long a piece's parts live).
std::string& thread_framing();
std::string& thread_around();
std::string& thread_compressed();
std::vector<std::string_view>& thread_content();

// The languages, and what each is called in itself: the same for every
// request, so made once per thread.
const std::vector<std::pair<std::string_view, std::string>>& language_names(const NameIndex& index);
// GET /languages: [{"code":"af","name":"Afrikaans"},...].
std::string_view languages_json(const NameIndex& index);

}  // namespace http

// A gzip stream over the pieces of one answer: a body filter, over the
// piece's buffers.
struct HttpConversation::Gzip {
  z_stream stream{};
  bool ok = false;

  Gzip();
  ~Gzip();
  Gzip(const Gzip&) = delete;
  Gzip& operator=(const Gzip&) = delete;

  // Compresses `parts` into `out` (replacing it): flushed so that the
  // client can show what came, or finished for the last piece.
  void compress(std::span<const std::string_view> parts, bool last, std::string& out);

  // The thread's stream, reset, for a body compressed in one go: it holds
  // its tens of kilobytes for the thread, not for each connection whose
  // client has yet to read the answer. Null when zlib could not start one.
  static Gzip* for_one_body();
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
  Order order = Order::codepoint;
  std::string_view security_policy;
  std::string_view allow;   // 405: the methods the path takes
  std::string_view body;    // fixed: a file's bytes, or `text`
  std::string text;         // fixed: a body made for this request
  std::string query;        // search, page: the query, decoded and stripped
  std::string error;        // page: why the query cannot be answered
  std::size_t limit = 0;    // results shown at most; 0: all
  std::size_t offset = 0;   // results passed over first
  const NameIndex::Locale* language = nullptr;  // lang: keywords and short names count too
  LanguageChoice language_choice = LanguageChoice::chosen;  // page: preferred when the language is the browser's
  std::size_t total = 0;    // the query's results, once counted
  std::string corrected;    // search, page: what was searched instead, when typos were corrected
  std::string asked;        // ... and the query as asked, its tokens one space apart
  std::string_view found_in;  // search, page: the language the words were found in, without lang= (its code, in the index)
  bool searched = false;    // search, page: a query is searched (not empty, not malformed)
  bool varies_by_language = false;  // page: what Accept-Language says counts
  const NameIndex::Locale* browser_language = nullptr;  // page: the first of Accept-Language the index has
  http::PageView view = http::PageView::automatic;  // page: as `view=` asks
  EntityTag etag;           // sent when tagged
  bool tagged = false;
  std::unique_ptr<Gzip> gzip;  // while a long answer is compressed

  // Whether a fixed body is compressed for a client that takes gzip.
  bool body_worth_gzip() const noexcept { return status == 200 && body.size() >= gzip_min_bytes; }
  // Whether the answer is gzipped for a client that takes it, as far as
  // the request says: a search's or a page's is when it is long enough.
  bool may_gzip() const noexcept { return kind != Kind::fixed || body_worth_gzip(); }
  // A cache's copy is still good: a head alone.
  bool not_modified() const noexcept { return status == 304; }

  // For the next request: as new, but the strings keep their room, so
  // that a keep-alive connection allocates nothing per request for them.
  void reset() {
    auto kept_text = std::move(text), kept_query = std::move(query), kept_error = std::move(error);
    auto kept_corrected = std::move(corrected), kept_asked = std::move(asked);
    *this = Reply{};
    text = std::move(kept_text);
    query = std::move(kept_query);
    error = std::move(kept_error);
    corrected = std::move(kept_corrected);
    asked = std::move(kept_asked);
    text.clear();
    query.clear();
    error.clear();
    corrected.clear();
    asked.clear();
  }
};

}  // namespace mojifinder
