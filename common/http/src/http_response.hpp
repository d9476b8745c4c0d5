// What a route answers (as Beast's handlers return a message and h2o's
// handlers fill a response for its filters): a status, the headers it
// chose, and a body, bytes or a search's answer to draw pieces from. The
// stages after it (the page's chrome, gzip, the head and the framing) add
// what the connection decides. Internal to mojifinder::http.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "mojifinder/http/http_message.hpp"
#include "mojifinder/index/name_index.hpp"
#include "mojifinder/query/query.hpp"

namespace mojifinder::http {

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

// What a connection keeps of its last response's strings between requests.
inline constexpr std::size_t idle_room = 256;

// A search's or a page's: what was asked, and what the answer found (the
// head's X- fields and the page's caption and pager read it).
struct SearchReply {
  std::string query;        // decoded and stripped
  std::string error;        // page: why the query cannot be answered
  std::size_t limit = 0;    // results shown at most; 0: all
  std::size_t offset = 0;   // results passed over first
  const NameIndex::Locale* language = nullptr;  // lang: keywords and short names count too
  LanguageChoice language_choice = LanguageChoice::chosen;  // preferred when the language is the browser's
  Order order = Order::codepoint;
  const NameIndex::Locale* browser_language = nullptr;  // page: the first of Accept-Language the index has
  PageView view = PageView::automatic;  // page: as `view=` asks
  bool all_fields = false;  // search: `fields=all`, each item with all the page shows
  bool searched = false;    // a query is searched (not empty, not malformed)
  std::size_t total = 0;    // the query's results, once counted
  std::string corrected;    // what was searched instead, when typos were corrected
  std::string asked;        // ... and the query as asked, its tokens one space apart
  std::string_view found_in;  // the language the words were found in, without lang= (its code, in the index)
};

struct HttpResponse {
  enum class Body : unsigned char { bytes, search, page };

  Body body = Body::bytes;
  int status = 200;
  std::string_view content_type;     // none when empty
  std::string_view cache_control;    // none when empty
  std::string_view security_policy;  // a page's, with Referrer-Policy; none when empty
  std::string_view allow;            // 405 and OPTIONS: the methods the path takes
  bool varies_by_language = false;   // page: what Accept-Language says counts
  bool close = false;                // the connection closes after it
  EntityTag etag;                    // sent when tagged
  bool tagged = false;
  SearchReply search;                // Body::search and Body::page
  // Words for the log when the request is refused ("404 Not Found").
  std::string refusal;

  // Body::bytes: bytes that outlive the response (a web file, a document
  // made once per thread), or text made for it.
  void borrow(std::string_view bytes) noexcept {
    borrowed_ = bytes;
    owns_text_ = false;
  }
  void own(std::string text) {
    text_ = std::move(text);
    owns_text_ = true;
  }
  std::string_view bytes() const noexcept { return owns_text_ ? std::string_view(text_) : borrowed_; }

  // Whether a body of bytes is compressed for a client that takes gzip.
  bool bytes_worth_gzip() const noexcept;
  // Whether the answer is gzipped for a client that takes it, as far as
  // the request says: a search's or a page's is when it is long enough.
  bool may_gzip() const noexcept { return body != Body::bytes || bytes_worth_gzip(); }
  // A cache's copy is still good: a head alone.
  bool not_modified() const noexcept { return status == 304; }

  // The bytes its strings hold room for, kept while the connection waits.
  std::size_t held_bytes() const noexcept {
    return text_.capacity() + refusal.capacity() + search.query.capacity() + search.error.capacity() +
           search.corrected.capacity() + search.asked.capacity();
  }

 private:
  std::string_view borrowed_;
  std::string text_;
  bool owns_text_ = false;
};

// Bytes of a type, kept by caches as `cache_control` says.
HttpResponse bytes_response(std::string_view content_type, std::string_view bytes, std::string_view cache_control = {});
// An error with a JSON body {"detail": ...}, as FastAPI writes them.
HttpResponse error_response(int status, std::string_view detail);
// 422 for a query parameter, as pydantic's validation writes it.
HttpResponse validation_error_response(std::string_view parameter, std::string_view message, std::string_view type);

}  // namespace mojifinder::http
