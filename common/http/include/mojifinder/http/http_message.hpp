// The parts of HTTP/1.1 (RFC 9112) that a server writes or decodes beside
// the request's parsing: the request target's path and query parameters
// (percent-decoded, `+` a space, as HTML forms send them), a response's
// head, and the framing of a body sent in chunks. No sockets.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mojifinder {

// A request target in origin form (`/search?q=cat+face`), or in absolute
// form (`http://host/search?q=cat+face`, as a proxy sends it), which a
// server must take too (RFC 9112 3.2.2): its path and query.
struct HttpTarget {
  std::string_view path;   // `/search`, not decoded
  std::string_view query;  // `q=cat+face`, without the `?`; empty when none
};
HttpTarget split_target(std::string_view target) noexcept;

// Percent-decodes `text`, reading `+` as a space; nullopt when a `%` is
// not followed by two hex digits. The bytes may be anything, UTF-8 or not:
// the caller checks.
std::optional<std::string> decode_form_value(std::string_view text);

// The value of the first parameter `name` in a query (`a=1&q=cat+face`),
// decoded; nullopt when it is absent. A parameter without `=` has an empty
// value. `malformed` is set when the value's percent-encoding is broken.
std::optional<std::string> query_parameter(std::string_view query, std::string_view name, bool& malformed);

// In one pass over a query, the value of the first parameter of each of
// `names`, still percent-encoded, into the same place of `raw_values`
// (which has as many); nullopt for a name absent. A handler reading
// several parameters reads the query once.
void find_query_parameters(std::string_view query, std::span<const std::string_view> names,
                           std::span<std::optional<std::string_view>> raw_values);

// A value find_query_parameters() gave, decoded as query_parameter()
// decodes it: nullopt when absent or, with `malformed` set, broken.
std::optional<std::string> decode_query_parameter(std::optional<std::string_view> raw_value, bool& malformed);

// The reason phrase of a status this server sends (`Not Found`).
std::string_view reason_phrase(int status) noexcept;

// `Date:`'s value for `when` (RFC 9110 5.6.7's IMF-fixdate: `Wed, 02 Dec
// 2026 16:40:00 GMT`, always 29 bytes).
void append_http_date(std::string& out, std::chrono::system_clock::time_point when);
// The same for now, made once a second by each thread.
std::string_view http_date_now();

// A strong entity tag (RFC 9110 8.8.3), `"` and 16 hex digits of a hash
// of `parts` and `"`: the same parts, the same tag.
struct EntityTag {
  std::array<char, 18> text{};
  std::string_view view() const noexcept { return {text.data(), text.size()}; }
};
EntityTag entity_tag(std::initializer_list<std::string_view> parts);

// Whether an If-None-Match field's value (`"a", W/"b"` or `*`) names `tag`,
// compared weakly as RFC 9110 13.1.2 says: then a GET or HEAD gets 304.
bool none_match_names(std::string_view if_none_match, std::string_view tag) noexcept;

struct HttpResponseHead {
  int status = 200;
  std::string_view content_type{};  // none when empty
  // The body's length, or nullopt for a body sent in chunks (HTTP/1.1)
  // or, with body_until_close, one that ends with the connection (for an
  // HTTP/1.0 client, which knows no chunks).
  std::optional<std::size_t> content_length;
  bool body_until_close = false;
  bool keep_alive = true;
  std::vector<std::pair<std::string_view, std::string>> headers{};  // more, in order
  std::string_view date{};  // the Date header's value; none when empty
};
// `HTTP/1.1 200 OK`, then the headers, each CR LF ended, then the empty
// line: Content-Type, Content-Length or Transfer-Encoding: chunked (none
// for 304, which has no body),
// Connection: close when the connection ends after it, the others, then
// Date.
void append_response_head(std::string& out, const HttpResponseHead& head);

// A chunk's size line (`1f40\r\n`); its data follows, then CR LF.
void append_chunk_size(std::string& out, std::size_t size);
inline constexpr std::string_view chunk_end = "\r\n";
// The zero-size chunk that ends a chunked body.
inline constexpr std::string_view last_chunk = "0\r\n\r\n";

}  // namespace mojifinder
