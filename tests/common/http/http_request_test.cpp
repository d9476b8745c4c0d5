#include "mojifinder/http/http_request.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace mojifinder;
using Outcome = HttpRequestReader::Outcome;

namespace {

// Every request in `bytes`, fed `chunk` bytes at a time, as a transport
// would: "METHOD TARGET major.minor keep-alive gzip host", or
// "failed STATUS" for the failure that ends it.
std::vector<std::string> read_all(std::string_view bytes, std::size_t chunk, HttpRequestReader::Limits limits = {}) {
  HttpRequestReader reader(limits);
  std::vector<std::string> out;
  std::string pending;
  while (!bytes.empty() || !pending.empty()) {
    const auto n = std::min(chunk, bytes.size());
    pending.append(bytes.substr(0, n));
    bytes.remove_prefix(n);
    for (;;) {
      const auto step = reader.read(pending);
      pending.erase(0, step.consumed);
      if (step.outcome == Outcome::failed) {
        out.push_back("failed " + std::to_string(reader.failure().status));
        return out;
      }
      if (step.outcome == Outcome::need_more) break;
      const auto& r = reader.request();
      out.push_back(r.method + " " + r.target + " " + std::to_string(r.version_major) + "." +
                    std::to_string(r.version_minor) + (r.keep_alive ? " keep-alive" : " close") +
                    (r.accepts_gzip ? " gzip " : " identity ") + r.host);
      reader.next();
      if (pending.empty()) break;
    }
    if (n == 0) break;
  }
  if (reader.finish() == Outcome::failed) out.push_back("failed " + std::to_string(reader.failure().status));
  return out;
}

}  // namespace

TEST_CASE("http request: one request, whole or a byte at a time") {
  const std::string get = "GET /search?q=cat+face HTTP/1.1\r\nHost: localhost:8080\r\nAccept-Encoding: gzip, br\r\n\r\n";
  for (const std::size_t chunk : {get.size(), std::size_t{1}, std::size_t{7}}) {
    CAPTURE(chunk);
    CHECK(read_all(get, chunk) == std::vector<std::string>{"GET /search?q=cat+face 1.1 keep-alive gzip localhost:8080"});
  }
}

TEST_CASE("http request: pipelined requests come one at a time, in order") {
  const std::string two = "GET /a HTTP/1.1\r\nHost: h\r\n\r\nHEAD /b HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
  for (const std::size_t chunk : {two.size(), std::size_t{1}, std::size_t{5}}) {
    CAPTURE(chunk);
    CHECK(read_all(two, chunk) ==
          std::vector<std::string>{"GET /a 1.1 keep-alive identity h", "HEAD /b 1.1 close identity h"});
  }
}

TEST_CASE("http request: an offer to upgrade, and CONNECT, are read as requests, and what follows as the next") {
  // curl --http2 offers h2c on a cleartext URL; a browser offers websocket.
  const std::string h2c =
      "GET /a HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
      "HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n";
  const std::string websocket =
      "GET /a HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
      "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
      "GET /b HTTP/1.1\r\nHost: h\r\n\r\n";
  const std::string connect = "CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n";
  for (const std::size_t chunk : {std::size_t{1}, std::size_t{9}, std::size_t{4096}}) {
    CAPTURE(chunk);
    CHECK(read_all(h2c, chunk) == std::vector<std::string>{"GET /a 1.1 keep-alive identity h", "GET /b 1.1 keep-alive identity h"});
    CHECK(read_all(websocket, chunk) ==
          std::vector<std::string>{"GET /a 1.1 keep-alive identity h", "GET /b 1.1 keep-alive identity h"});
    CHECK(read_all(connect, chunk) ==
          std::vector<std::string>{"CONNECT h:443 1.1 keep-alive identity h:443", "GET /b 1.1 keep-alive identity h"});
  }
}

TEST_CASE("http request: a request that expects 100 Continue is whole at its head, and closes the connection") {
  // curl holds a body back for a second waiting for 100 Continue: the
  // answer comes at once instead, and what follows is never read as a
  // request.
  const std::string post =
      "POST /search HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 27\r\n\r\n"
      "GET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n";
  for (const std::size_t chunk : {std::size_t{1}, std::size_t{4096}}) {
    CAPTURE(chunk);
    CHECK(read_all(post, chunk) == std::vector<std::string>{"POST /search 1.1 close identity h"});
  }
  // Without a body, or without the expectation, nothing changes.
  CHECK(read_all("GET /a HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n", 4096) ==
        std::vector<std::string>{"GET /a 1.1 keep-alive identity h"});
  CHECK(read_all("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nabGET /b HTTP/1.1\r\nHost: h\r\n\r\n", 4096) ==
        std::vector<std::string>{"POST /a 1.1 keep-alive identity h", "GET /b 1.1 keep-alive identity h"});
}

TEST_CASE("http request: an HTTP/1.1 request needs one Host and no more, while HTTP/1.0 may go without") {
  CHECK(read_all("GET / HTTP/1.1\r\n\r\n", 100) == std::vector<std::string>{"failed 400"});
  CHECK(read_all("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 100) == std::vector<std::string>{"failed 400"});
  CHECK(read_all("GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n", 100) == std::vector<std::string>{"failed 400"});
  CHECK(read_all("GET / HTTP/1.0\r\n\r\n", 100) == std::vector<std::string>{"GET / 1.0 close identity "});
  CHECK(read_all("GET / HTTP/1.1\r\nhOsT: a\r\n\r\n", 100) == std::vector<std::string>{"GET / 1.1 keep-alive identity a"});
}

TEST_CASE("http request: HTTP/1.0 closes unless it asks to keep the connection") {
  CHECK(read_all("GET / HTTP/1.0\r\n\r\n", 100) == std::vector<std::string>{"GET / 1.0 close identity "});
  CHECK(read_all("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 100) ==
        std::vector<std::string>{"GET / 1.0 keep-alive identity "});
}

TEST_CASE("http request: Accept-Encoding allows gzip by name or by *, unless its weight is zero") {
  const auto gzip = [](std::string_view value) {
    const auto requests = read_all("GET / HTTP/1.1\r\nHost: t\r\nAccept-Encoding: " + std::string(value) + "\r\n\r\n", 1000);
    REQUIRE(requests.size() == 1);
    return requests[0].find(" gzip ") != std::string::npos;
  };
  CHECK(gzip("gzip"));
  CHECK(gzip("GZip;q=0.5"));
  CHECK(gzip("br, *"));
  CHECK_FALSE(gzip("br"));
  CHECK_FALSE(gzip("gzip;q=0"));
  CHECK_FALSE(gzip("gzip; q=0.000, br"));
  CHECK_FALSE(gzip("*;q=0"));
  CHECK_FALSE(gzip("identity"));
  // Parameter names are case-insensitive; gzip named outranks *.
  CHECK_FALSE(gzip("gzip;Q=0"));
  CHECK_FALSE(gzip("gzip ; Q = 0"));
  CHECK_FALSE(gzip("*, gzip;q=0"));
  CHECK(gzip("gzip;level=1;q=0.5"));
  // Field lines of one name combine: a second line can turn gzip off.
  const auto two_lines = [](std::string_view first, std::string_view second) {
    const auto requests = read_all("GET / HTTP/1.1\r\nAccept-Encoding: " + std::string(first) +
                                       "\r\nHost: h\r\nAccept-Encoding: " + std::string(second) + "\r\n\r\n",
                                   1000);
    REQUIRE(requests.size() == 1);
    return requests[0].find(" gzip ") != std::string::npos;
  };
  CHECK_FALSE(two_lines("*", "gzip;q=0"));
  CHECK_FALSE(two_lines("gzip", "gzip;q=0"));
  CHECK(two_lines("br", "gzip"));
  CHECK(two_lines("identity", "*"));
}

TEST_CASE("http request: bounds on the target, the headers and a body, each with its status") {
  HttpRequestReader::Limits small{.max_target_bytes = 32, .max_header_bytes = 64, .max_headers = 3, .max_body_bytes = 10};
  CHECK(read_all("GET /" + std::string(31, 'x') + " HTTP/1.1\r\nHost: t\r\n\r\n", 5, small) ==
        std::vector<std::string>{"GET /" + std::string(31, 'x') + " 1.1 keep-alive identity t"});
  CHECK(read_all("GET /" + std::string(32, 'x') + " HTTP/1.1\r\nHost: t\r\n\r\n", 5, small) == std::vector<std::string>{"failed 414"});
  CHECK(read_all("GET / HTTP/1.1\r\nHost: t\r\nX: " + std::string(70, 'y') + "\r\n\r\n", 5, small) ==
        std::vector<std::string>{"failed 431"});
  CHECK(read_all("GET / HTTP/1.1\r\nHost: t\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", 5, small) ==
        std::vector<std::string>{"failed 431"});
  CHECK(read_all("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello", 5, small) ==
        std::vector<std::string>{"POST / 1.1 keep-alive identity t"});
  CHECK(read_all("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\nhello world", 5, small) ==
        std::vector<std::string>{"failed 413"});
}

TEST_CASE("http request: malformed requests and a request cut short get 400") {
  CHECK(read_all("GARBAGE\r\n\r\n", 100) == std::vector<std::string>{"failed 400"});
  // A version is one digit, a dot and one digit: any such is read (the
  // conversation answers 1.x as 1.1 and refuses others with 505).
  CHECK(read_all("GET / HTTP/1.x\r\n\r\n", 100) == std::vector<std::string>{"failed 400"});
  CHECK(read_all("GET / HTTP/12.0\r\n\r\n", 100) == std::vector<std::string>{"failed 400"});
  CHECK(read_all("GET / HTTP/9.9\r\n\r\n", 100) == std::vector<std::string>{"GET / 9.9 keep-alive identity "});
  CHECK(read_all("GET / HTTP/1.2\r\nHost: t\r\n\r\n", 100) == std::vector<std::string>{"GET / 1.2 keep-alive identity t"});
  CHECK(read_all("GET / HTTP/1.1\r\nHost: t\r\nBad Header\r\n\r\n", 100) == std::vector<std::string>{"failed 400"});
  CHECK(read_all("GET / HTTP/1.1\r\nHost: h\r\n", 100) == std::vector<std::string>{"failed 400"});
  CHECK(read_all("GET / HTTP/1.1\r\nHost: t\r\n\r\nGET /b HT", 100) ==
        std::vector<std::string>{"GET / 1.1 keep-alive identity t", "failed 400"});
  CHECK(read_all("", 100).empty());
}
