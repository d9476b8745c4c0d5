// The clients a public HTTP port meets, each checking what it gets: a
// well-behaved keep-alive client asking for every kind of answer (JSON,
// gzip, HEAD, the page, a revalidation), headers sent a byte at a time or
// never finished, thousands of requests pipelined and never read, gzipped
// answers never read, upgrade offers and Expect: 100-continue, a
// half-close, a reset in the middle of an answer, malformed requests,
// connections opened and closed as fast as they can be, and one that stays
// silent.
#include <chrono>
#include <string>
#include <thread>

#include "misbehaviour.hpp"
#include "mojifinder/answer/answer.hpp"
#include "mojifinder/embedded_index.hpp"
#include "support/http_response.hpp"
#include "support/oracles.hpp"
#include "support/tcp_client.hpp"

namespace mojifinder::soak {

namespace {

using namespace std::literals;
using test::HttpResponse;
using test::TcpClient;

// The JSON body of GET /search for `query`.
std::string search_body(std::string_view query) {
  const auto& index = embedded_name_index();
  std::string error;
  const auto results = find_all(index, query, error);
  std::string out;
  append_answer(out, index, results, LineEnd::lf, AnswerFormat::json_array);
  return out;
}

std::string get(std::string_view target, std::string_view extra_headers = {}) {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: soak\r\n" + std::string(extra_headers) + "\r\n";
}

// The next response on `client`, from what `pending` holds and what comes.
HttpResponse next_response(TcpClient& client, std::string& pending, bool head_only = false) {
  for (;;) {
    if (auto response = test::take_response(pending, head_only)) return *std::move(response);
    if (!client.read_some(pending, 10s)) {
      // At the end a response without length runs to the close.
      if (auto response = test::take_response(pending, head_only)) return *std::move(response);
      throw std::runtime_error("the connection ended before a whole response");
    }
  }
}

HttpResponse one_response(const Options& o, std::string_view request, bool head_only = false) {
  TcpClient client(o.host, o.http_port);
  client.send(request);
  std::string pending;
  return next_response(client, pending, head_only);
}

bool is_json_answer(const HttpResponse& response, const std::string& body) {
  return response.status == 200 && response.body == body &&
         response.header("content-type") == "application/json; charset=utf-8";
}

// Sends `request` `times` times, as far as the server takes it, never
// reading; then waits past the write timeout and says whether the server
// has closed, having sent less than every answer.
bool closed_while_unread(const Options& o, const std::string& request, int times) {
  const auto one = one_response(o, request);
  const auto answer_bytes = one.head.size() + one.wire_body.size();
  TcpClient client(o.host, o.http_port);
  std::size_t sent = 0;
  while (sent < static_cast<std::size_t>(times) && client.send_what_fits(request) == request.size()) ++sent;
  std::this_thread::sleep_for(seconds(o.write_timeout) + 2s);
  const auto received = client.read_to_end(5s);
  return client.closed_by_server(1s) && received.size() < sent * answer_bytes;
}

}  // namespace

std::vector<Behaviour> http_behaviours(const Options&) {
  const std::string cat_face = search_body("cat face");
  const std::string serving = "{\"status\":\"serving\"}";
  return {
      {"HTTP: every kind of answer",
       [=](const Options& o, std::mt19937&) {
         TcpClient client(o.host, o.http_port);
         std::string pending;
         client.send(get("/search?q=cat%20face"));
         const auto plain = next_response(client, pending);
         client.send(get("/search?q=cat%20face", "Accept-Encoding: gzip\r\n"));
         const auto gzipped = next_response(client, pending);
         client.send("HEAD /search?q=cat%20face HTTP/1.1\r\nHost: soak\r\n\r\n");
         const auto head = next_response(client, pending, true);
         client.send(get("/search?q=cat%20face", "If-None-Match: " + plain.header("etag") + "\r\n"));
         const auto revalidated = next_response(client, pending);
         client.send(get("/?q=cat", "Accept-Encoding: gzip\r\n"));
         const auto page = next_response(client, pending);
         client.send(get("/healthz"));
         const auto health = next_response(client, pending);
         return is_json_answer(plain, cat_face) && is_json_answer(gzipped, cat_face) &&
                head.status == 200 && head.header("content-length") == plain.header("content-length") &&
                revalidated.status == 304 && revalidated.header("etag") == plain.header("etag") &&
                page.status == 200 && page.body.ends_with("</html>\n") && health.body == serving;
       }},
      {"HTTP: a byte at a time",
       [=](const Options& o, std::mt19937&) {
         TcpClient client(o.host, o.http_port);
         for (const char c : get("/search?q=cat%20face")) {
           client.send(std::string_view(&c, 1));
           std::this_thread::sleep_for(10ms);
         }
         std::string pending;
         return is_json_answer(next_response(client, pending), cat_face);
       }},
      {"HTTP: headers never finished",
       [=](const Options& o, std::mt19937&) {
         TcpClient client(o.host, o.http_port);
         client.send("GET /search?q=cat HTTP/1.1\r\nHost: soak\r\nX-Slow: ");
         const auto received = client.read_to_end(seconds(o.request_timeout) + 5s);
         return received.starts_with("HTTP/1.1 408 Request Timeout\r\n") && received.ends_with("in time\"}\n");
       }},
      {"HTTP: pipelined, never read",
       [=](const Options& o, std::mt19937& random) {
         const auto request = get(random() % 2 == 0 ? "/?q=cat" : "/search?q=cat", "Accept-Encoding: gzip\r\n");
         return closed_while_unread(o, request, 2000);
       }},
      {"HTTP: gzip, never read",
       [=](const Options& o, std::mt19937&) {
         return closed_while_unread(o, get("/search?q=cjk", "Accept-Encoding: gzip\r\n"), 1);
       }},
      {"HTTP: upgrade offered",
       [=](const Options& o, std::mt19937& random) {
         const auto offer = random() % 2 == 0
                                ? "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n"s
                                : "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"s;
         TcpClient client(o.host, o.http_port);
         client.send(get("/search?q=cat%20face", offer) + get("/healthz"));
         std::string pending;
         const auto first = next_response(client, pending);
         const auto second = next_response(client, pending);
         return is_json_answer(first, cat_face) && second.body == serving;
       }},
      {"HTTP: Expect 100-continue",
       [=](const Options& o, std::mt19937&) {
         // Answered at once, without waiting for the body held back.
         const auto response = one_response(
             o, "GET /search?q=cat%20face HTTP/1.1\r\nHost: soak\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
         return is_json_answer(response, cat_face) && response.header("connection") == "close";
       }},
      {"HTTP: half-close",
       [=](const Options& o, std::mt19937&) {
         TcpClient client(o.host, o.http_port);
         client.send(get("/search?q=cat%20face"));
         client.shutdown_write();
         std::string received = client.read_to_end(10s);
         const auto response = test::take_response(received);
         return response && is_json_answer(*response, cat_face) && received.empty();
       }},
      {"HTTP: reset mid-answer",
       [=](const Options& o, std::mt19937& random) {
         TcpClient client(o.host, o.http_port);
         client.set_small_receive_buffer();
         client.send(get("/search?q=cjk"));
         const auto first = client.read_exactly(1000 + random() % 100000);
         client.reset();
         return first.starts_with("HTTP/1.1 200 OK\r\n");
       }},
      {"HTTP: malformed",
       [=](const Options& o, std::mt19937& random) {
         static const std::string requests[] = {
             "GET /search?q=cat HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
             "GET /search?q=cat HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
             "GET /search?q=cat HTTP/1.1\r\nHost a\r\n\r\n",
             "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 TLS hello\r\n\r\n",
         };
         const auto& request = requests[random() % std::size(requests)];
         TcpClient client(o.host, o.http_port);
         client.send(request);
         const auto received = client.read_to_end(10s);
         return received.starts_with("HTTP/1.1 400 Bad Request\r\n") && received.find("Connection: close\r\n") != std::string::npos;
       }},
      {"HTTP: churn",
       [=](const Options& o, std::mt19937&) {
         for (int i = 0; i < 20; ++i) {
           if (one_response(o, get("/healthz", "Connection: close\r\n")).body != serving) return false;
         }
         return true;
       }},
      {"HTTP: stays silent",
       [=](const Options& o, std::mt19937&) {
         // Closed quietly once the request timeout has passed.
         TcpClient client(o.host, o.http_port);
         return client.read_to_end(seconds(o.request_timeout) + 5s).empty() && client.closed_by_server(1s);
       }},
  };
}

}  // namespace mojifinder::soak
