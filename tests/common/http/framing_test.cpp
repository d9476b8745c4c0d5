// The last stages alone, on exact bytes: a response's head as the
// connection frames it, and a body's pieces on the wire.
#include "framing.hpp"

#include <doctest/doctest.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

using namespace mojifinder::http;

namespace {

// The head without its Date line, which the clock writes.
std::string head_of(const HttpResponse& response, const HeadFraming& framing) {
  std::string out;
  append_head(out, response, framing);
  const auto date = out.find("Date: ");
  REQUIRE(date != std::string::npos);
  out.erase(date, out.find("\r\n", date) + 2 - date);
  return out;
}

std::string joined(const std::vector<std::string_view>& parts) {
  std::string out;
  for (const auto part : parts) out += part;
  return out;
}

}  // namespace

TEST_CASE("framing: a search's head says its total, its correction and what a cache keys it by") {
  HttpResponse response;
  response.body = HttpResponse::Body::search;
  response.content_type = json_type;
  response.cache_control = revalidated_cache;
  response.search.total = 3;
  response.search.found_in = "es";
  response.search.corrected = "caf\xC3\xA9 100%";
  CHECK(head_of(response, {.content_length = 120, .chunked = true, .keep_alive = true, .gzip = true}) ==
        "HTTP/1.1 200 OK\r\n"
        "Content-Type: application/json; charset=utf-8\r\n"
        "Content-Length: 120\r\n"
        "Content-Encoding: gzip\r\n"
        "X-Total-Count: 3\r\n"
        "X-Found-In-Language: es\r\n"
        "X-Corrected-Query: caf%C3%A9 100%25\r\n"
        "Vary: Accept-Encoding\r\n"
        "Cache-Control: public, max-age=300\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "\r\n");
  // Not whole, for HTTP/1.1: chunked; for HTTP/1.0: until the close.
  CHECK(head_of(response, {.content_length = std::nullopt, .chunked = true, .keep_alive = true}).starts_with(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nTransfer-Encoding: chunked\r\n"
      "X-Total-Count: 3\r\n"));
  CHECK(head_of(response, {.content_length = std::nullopt, .chunked = false, .keep_alive = true}).starts_with(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n"
      "X-Total-Count: 3\r\n"));
  // A cache's copy still good: no type, no body's length, no total.
  response.status = 304;
  CHECK(head_of(response, {.content_length = 0, .chunked = true, .keep_alive = true}) ==
        "HTTP/1.1 304 Not Modified\r\n"
        "Vary: Accept-Encoding\r\n"
        "Cache-Control: public, max-age=300\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "\r\n");
}

TEST_CASE("framing: a page's head carries its policies, an error's only what it must") {
  HttpResponse page;
  page.body = HttpResponse::Body::page;
  page.content_type = html_type;
  page.security_policy = page_security_policy;
  page.varies_by_language = true;
  CHECK(head_of(page, {.content_length = 10, .chunked = true, .keep_alive = false}) ==
        "HTTP/1.1 200 OK\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        "Content-Length: 10\r\n"
        "Connection: close\r\n"
        "Vary: Accept-Encoding, Accept-Language\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "Content-Security-Policy: " + std::string(page_security_policy) + "\r\n"
        "Referrer-Policy: no-referrer\r\n"
        "\r\n");
  auto refused = error_response(405, "Method Not Allowed");
  refused.allow = "GET, HEAD";
  CHECK(head_of(refused, {.content_length = refused.bytes().size(), .chunked = true, .keep_alive = true}) ==
        "HTTP/1.1 405 Method Not Allowed\r\n"
        "Content-Type: application/json; charset=utf-8\r\n"
        "Content-Length: 31\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "Allow: GET, HEAD\r\n"
        "\r\n");
  CHECK(refused.bytes() == "{\"detail\":\"Method Not Allowed\"}");
}

TEST_CASE("framing: pieces in chunks, the empty one sent as nothing, the last one closing the body") {
  const BodyFraming chunked{.chunked = true, .head_only = false};
  std::vector<std::string_view> out;
  std::string framing = "HEAD\r\n";
  const std::array<std::string_view, 2> first{"ab", "c"};
  frame_piece(out, framing, first, 3, false, chunked);
  CHECK(joined(out) == "HEAD\r\n3\r\nabc\r\n");
  out.clear();
  framing.clear();
  frame_piece(out, framing, {}, 0, false, chunked);
  CHECK(joined(out).empty());
  const std::string long_piece(0x1f40, 'x');
  const std::array<std::string_view, 1> last{long_piece};
  out.clear();
  framing.clear();
  frame_piece(out, framing, last, long_piece.size(), true, chunked);
  CHECK(joined(out) == "1f40\r\n" + long_piece + "\r\n0\r\n\r\n");
  // The last piece empty: the last chunk alone.
  out.clear();
  framing.clear();
  frame_piece(out, framing, {}, 0, true, chunked);
  CHECK(joined(out) == "0\r\n\r\n");
}

TEST_CASE("framing: a body with its length, or the head alone for HEAD") {
  const std::array<std::string_view, 2> content{"[]", "\n"};
  std::vector<std::string_view> out;
  std::string framing = "HEAD\r\n";
  frame_piece(out, framing, content, 3, true, {.chunked = false, .head_only = false});
  CHECK(joined(out) == "HEAD\r\n[]\n");
  out.clear();
  frame_piece(out, framing, content, 3, true, {.chunked = true, .head_only = true});
  CHECK(joined(out) == "HEAD\r\n");
  // A HEAD's later pieces: nothing at all.
  out.clear();
  framing.clear();
  frame_piece(out, framing, content, 3, true, {.chunked = true, .head_only = true});
  CHECK(out.empty());
}
