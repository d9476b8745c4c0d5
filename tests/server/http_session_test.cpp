// The HTTP front end over real sockets, beside the line port: exact bytes
// of responses, keep-alive and pipelining, the limits and timeouts the
// line port has, and a stop that completes the answer in flight.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "mojifinder/answer/answer.hpp"
#include "mojifinder/http/http_conversation.hpp"
#include "support/http_response.hpp"
#include "support/oracles.hpp"
#include "support/process.hpp"
#include "support/tcp_client.hpp"
#include "support/test_server.hpp"

using namespace mojifinder;
using namespace mojifinder::test;
using namespace std::literals;

namespace {

ServerOptions with_http(ServerOptions options = {.port = 0}) {
  options.http_port = 0;
  return options;
}

std::string expected_json(std::string_view query, std::size_t limit = 0) {
  std::string error;
  const auto results = find_all(embedded_name_index(), query, error);
  std::string out;
  append_answer(out, embedded_name_index(), results, LineEnd::crlf, AnswerFormat::json_array, limit);
  return out;
}

// Reads from `client` until one whole response is in `pending`, and takes it.
HttpResponse read_response(TcpClient& client, std::string& pending, bool head_only = false) {
  for (;;) {
    if (auto response = take_response(pending, head_only)) return *response;
    if (!client.read_some(pending, 10s)) {
      // The connection's end ends a body without a length.
      if (auto response = take_response(pending, head_only)) return *response;
      throw std::runtime_error("the connection ended inside a response");
    }
  }
}

// The next response, `expected`'s bytes and a Date line, with its Date
// taken out.
std::string read_dated(TcpClient& client, std::string_view expected) {
  auto bytes = client.read_exactly(expected.size() + date_line_bytes);
  CHECK(take_dates(bytes) == 1);
  return bytes;
}

// Everything until the close, with its one Date taken out.
std::string read_dated_to_end(TcpClient& client, std::chrono::milliseconds timeout = 10s) {
  auto bytes = client.read_to_end(timeout);
  CHECK(take_dates(bytes) == 1);
  return bytes;
}

}  // namespace

TEST_CASE("http: GET /search over a socket, on exact bytes, while the line port answers as before") {
  TestServer server(with_http());
  TcpClient web("127.0.0.1", server.http_port());
  const auto body = expected_json("cat face");
  web.send("GET /search?q=cat%20face HTTP/1.1\r\nHost: localhost\r\n\r\n");
  // The entity tag's place is held by 18 bytes, as long as any tag.
  auto expected = "HTTP/1.1 200 OK\r\n"
                  "Content-Type: application/json; charset=utf-8\r\n"
                  "Content-Length: " + std::to_string(body.size()) + "\r\n"
                  "X-Total-Count: 10\r\n"
                  "Vary: Accept-Encoding\r\n"
                  "Cache-Control: public, max-age=300\r\n"
                  "ETag: ..................\r\n"
                  "X-Content-Type-Options: nosniff\r\n"
                  "\r\n" + body;
  const auto answer = read_dated(web, expected);
  expected.replace(expected.find(".................."), 18, entity_tag_in(answer));
  CHECK(answer == expected);
  web.send("GET /nowhere HTTP/1.1\r\nHost: t\r\n\r\n");
  constexpr std::string_view not_found =
      "HTTP/1.1 404 Not Found\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 22\r\n"
      "X-Content-Type-Options: nosniff\r\n\r\n{\"detail\":\"Not Found\"}";
  CHECK(read_dated(web, not_found) == not_found);
  web.send("GET /search HTTP/1.1\r\nHost: t\r\n\r\n");
  constexpr std::string_view missing =
      "HTTP/1.1 422 Unprocessable Content\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 86\r\n"
      "X-Content-Type-Options: nosniff\r\n\r\n"
      "{\"detail\":[{\"loc\":[\"query\",\"q\"],\"msg\":\"field required\",\"type\":\"value_error.missing\"}]}";
  CHECK(read_dated(web, missing) == missing);
  web.send("PUT /search?q=x HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
  constexpr std::string_view not_allowed =
      "HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 31\r\n"
      "X-Content-Type-Options: nosniff\r\nAllow: GET, HEAD\r\n\r\n{\"detail\":\"Method Not Allowed\"}";
  CHECK(read_dated(web, not_allowed) == not_allowed);

  TcpClient line("127.0.0.1", server.port());
  CHECK(line.read_answer() == test::prompt);
  line.send("cat face\r\n");
  CHECK(line.read_answer() == command_line_answer(MOJIFINDER_PROGRAM, "cat face"));
  // The same characters, whichever port asks.
  std::string pending;
  web.send("GET /search?q=flag+japan HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(nlohmann::json::parse(read_response(web, pending).body)[0]["char"] == "\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5");
}

TEST_CASE("http: keep-alive and pipelining over a socket, answers in order, a long one chunked in between") {
  TestServer server(with_http());
  TcpClient web("127.0.0.1", server.http_port());
  web.send("GET /search?q=cat+face HTTP/1.1\r\nHost: t\r\n\r\nGET /search?q=cjk HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n"
           "HEAD /search?q=sign HTTP/1.1\r\nHost: t\r\n\r\nGET /search?q=dog+face HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  std::string pending;
  CHECK(read_response(web, pending).body == expected_json("cat face"));
  const auto cjk = read_response(web, pending);
  CHECK(cjk.header("transfer-encoding") == "chunked");
  CHECK(cjk.header("content-encoding") == "gzip");
  CHECK(cjk.body == expected_json("cjk"));
  const auto head = read_response(web, pending, true);
  CHECK(head.status == 200);
  const auto last = read_response(web, pending);
  CHECK(last.body == expected_json("dog face"));
  CHECK(pending.empty());
  CHECK(web.closed_by_server());
}

TEST_CASE("http: over --max-connections a client gets 503 and a close, whichever port it came to") {
  auto options = with_http();
  options.max_connections = 1;
  TestServer server(options);
  TcpClient first("127.0.0.1", server.port());
  CHECK(first.read_answer() == test::prompt);
  TcpClient refused("127.0.0.1", server.http_port());
  CHECK(refused.read_to_end() == http_busy_response);
}

TEST_CASE("http: a request not whole within --request-timeout gets 408, and an idle keep-alive is closed quietly") {
  auto options = with_http();
  options.request_timeout = 300ms;
  options.idle_timeout = 600ms;
  TestServer server(options);
  TcpClient slow("127.0.0.1", server.http_port());
  slow.send("GET /search?q=cat HTTP/1.1\r\nHost: loc");
  const auto start = std::chrono::steady_clock::now();
  CHECK(read_dated_to_end(slow) == http_request_timeout_response);
  CHECK(std::chrono::steady_clock::now() - start >= 250ms);

  TcpClient idle("127.0.0.1", server.http_port());
  std::string pending;
  idle.send("GET /search?q=cat+face HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(read_response(idle, pending).status == 200);
  CHECK(idle.read_to_end() == "");
}

TEST_CASE("http: a new connection that sends nothing is closed quietly at --request-timeout, not the idle timeout") {
  auto options = with_http();
  options.request_timeout = 300ms;
  options.idle_timeout = 30s;
  TestServer server(options);
  TcpClient silent("127.0.0.1", server.http_port());
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(silent.silent_for(5s));
  CHECK(silent.closed_by_server(1s));
  CHECK(std::chrono::steady_clock::now() - start >= 250ms);
  // The first request's clock runs from the opening: bytes sent late do
  // not restart it.
  TcpClient late("127.0.0.1", server.http_port());
  std::this_thread::sleep_for(200ms);
  late.send("GET /search?q=cat HTTP/1.1\r\nHost: loc");
  CHECK(read_dated_to_end(late, 5s) == http_request_timeout_response);
  CHECK(std::chrono::steady_clock::now() - start < 5s);
  // One that asks in time is answered, and then has the idle timeout.
  TcpClient prompt("127.0.0.1", server.http_port());
  std::string pending;
  prompt.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(read_response(prompt, pending).status == 200);
  CHECK(prompt.silent_for(600ms));
}

TEST_CASE("http: clients that never read a long answer do not hold up the others on the loop") {
  ServerOptions options = with_http();
  options.session_executors.clear();  // one loop for everyone
  TestServer server(options);
  std::vector<std::unique_ptr<TcpClient>> stalled;
  for (int i = 0; i < 20; ++i) {
    stalled.push_back(std::make_unique<TcpClient>("127.0.0.1", server.http_port()));
    stalled.back()->send("GET /search?q=cjk HTTP/1.1\r\nHost: t\r\n\r\n");
  }
  TcpClient polite("127.0.0.1", server.http_port());
  std::string pending;
  double slowest_ms = 0;
  for (int i = 0; i < 50; ++i) {
    const auto start = std::chrono::steady_clock::now();
    polite.send("GET /search?q=cat+face HTTP/1.1\r\nHost: t\r\n\r\n");
    CHECK(read_response(polite, pending).body == expected_json("cat face"));
    slowest_ms = std::max(slowest_ms, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  MESSAGE("20 clients not reading `cjk`: the slowest of 50 polite answers took ", slowest_ms, " ms");
  CHECK(slowest_ms < 1000);
}

TEST_CASE("http: a stop lets the answer in flight complete, then closes") {
  TestServer server(with_http());
  TcpClient web("127.0.0.1", server.http_port());
  web.send("GET /search?q=cjk HTTP/1.1\r\nHost: t\r\n\r\n");
  std::string pending;
  CHECK(web.read_some(pending, 10s));  // the answer has begun
  std::thread stopping([&] { CHECK(server.stop_and_wait()); });
  const auto response = read_response(web, pending);
  CHECK(response.body == expected_json("cjk"));
  CHECK(web.closed_by_server());
  stopping.join();
}

TEST_CASE("server: a client that resets during a long search is given up at once, and counted, over either port") {
  // A relevance answer in a language judges for many calls before it
  // writes a byte: a client gone meanwhile is noticed at the next call,
  // not after the whole answer has been searched for nobody.
  TestServer server(with_http());
  const auto abandoned = [&] {
    TcpClient web("127.0.0.1", server.http_port());
    web.send("GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n");
    std::string pending;
    const auto metrics = read_response(web, pending).body;
    const std::string name = "\nmojifinder_answers_abandoned_total ";
    const auto at = metrics.find(name);
    REQUIRE(at != std::string::npos);
    return std::stoul(metrics.substr(at + name.size()));
  };
  CHECK(abandoned() == 0);
  {
    TcpClient client("127.0.0.1", server.port());
    client.read_answer();
    client.send("/lang is\r\n/order relevance\r\n");
    CHECK(client.read_until("ok: answers in relevance order, the best match first\r\n?> ").starts_with("ok: language is"));
    client.send("c*\r\n");
    client.reset();
  }
  {
    TcpClient web("127.0.0.1", server.http_port());
    web.send("GET /search?q=c*&lang=is&order=relevance HTTP/1.1\r\nHost: t\r\n\r\n");
    web.reset();
  }
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (abandoned() < 2 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
  CHECK(abandoned() == 2);
  // A client that only half-closes (nc -N) still reads: its answer is whole.
  TcpClient half("127.0.0.1", server.port());
  half.send("/lang is\r\n/order relevance\r\nc*\r\n");
  half.shutdown_write();
  const auto received = half.read_to_end(30s);
  CHECK(static_cast<std::size_t>(std::count(received.begin(), received.end(), '\n')) > 100'000);
  CHECK(received.find(" found\r\n") != std::string::npos);
  CHECK(abandoned() == 2);
}
