// What a client that asks and never reads costs the server, seen through
// the server's own counters (/metrics): the input it reads ahead of the
// answers it cannot send, and the answer bytes it computes ahead of what
// the client takes.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "support/tcp_client.hpp"
#include "support/test_server.hpp"

using namespace mojifinder;
using namespace mojifinder::test;
using namespace std::literals;

namespace {

// The server's counters, read over its HTTP port, less what reading them
// adds: the server counts the bytes of these requests and answers too.
class Metrics {
 public:
  explicit Metrics(unsigned short http_port) : port_(http_port) {}

  // Bytes the server read from, and wrote to, the other clients.
  std::uint64_t received() { return value("mojifinder_received_bytes_total") - bytes_asked_; }
  std::uint64_t sent() {
    // An answer's own bytes are counted once written, after its body was
    // made: the value holds every earlier answer's, not its own.
    const auto answered_before = bytes_answered_;
    return value("mojifinder_sent_bytes_total") - answered_before;
  }
  std::uint64_t value(std::string_view name) {
    const auto text = fetch();
    std::string line_start = "\n";
    line_start.append(name).append(" ");
    const auto at = text.find(line_start);
    REQUIRE(at != std::string::npos);
    return std::stoull(text.substr(at + name.size() + 2));
  }

 private:
  std::string fetch() {
    static constexpr std::string_view request = "GET /metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    TcpClient client("127.0.0.1", port_);
    client.send(request);
    bytes_asked_ += request.size();
    auto response = client.read_to_end();
    bytes_answered_ += response.size();
    return response;
  }

  unsigned short port_;
  std::uint64_t bytes_asked_ = 0;
  std::uint64_t bytes_answered_ = 0;
};

// Reads `counter` until it has not moved for a while: the server has done
// what it can for the clients that do not read.
std::uint64_t settled(const std::function<std::uint64_t()>& counter) {
  auto last = counter();
  for (int unchanged = 0, tries = 0; unchanged < 3 && tries < 100; ++tries) {
    std::this_thread::sleep_for(100ms);
    const auto now = counter();
    unchanged = now == last ? unchanged + 1 : 0;
    last = now;
  }
  return last;
}

// Sends `request` again and again, as far as the kernel takes it without
// waiting, 2 MiB at most.
void pipeline_without_reading(TcpClient& client, std::string_view request) {
  std::string burst;
  while (burst.size() < 64 * 1024) burst += request;
  for (std::size_t sent = 0; sent < 2 * 1024 * 1024;) {
    const auto n = client.send_what_fits(burst);
    sent += n;
    if (n < burst.size()) break;
  }
}

ServerOptions with_http() {
  ServerOptions options{.port = 0};
  options.http_port = 0;
  return options;
}

}  // namespace

// What a client that pipelines `request` and never reads makes the
// server read beyond the requests it has answered (or begun to answer).
std::uint64_t read_ahead_of_answers(TestServer& server, unsigned short port, std::string_view request,
                                    std::string_view protocol) {
  Metrics metrics(server.http_port());
  TcpClient client("127.0.0.1", port);
  if (port == server.port()) CHECK(client.read_answer() == "?> ");
  pipeline_without_reading(client, request);
  const auto received = settled([&] { return metrics.received(); });
  const auto answered = metrics.value("mojifinder_queries_total{protocol=\"" + std::string(protocol) + "\"}");
  MESSAGE("read ", received, " bytes, answered ", answered);
  CHECK(answered > 0);
  REQUIRE(received >= answered * request.size());
  return received - answered * request.size();
}

TEST_CASE("non-readers: a line client pipelining queries it never reads is read no further than 4 KiB past its answers") {
  TestServer server(with_http());
  CHECK(read_ahead_of_answers(server, server.port(), "cat\r\n", "line") <= 4 * 1024);
}

TEST_CASE("non-readers: an HTTP client pipelining requests it never reads is read no further than 4 KiB past its answers") {
  TestServer server(with_http());
  constexpr std::string_view request = "GET /?q=cat HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n";
  CHECK(read_ahead_of_answers(server, server.http_port(), request, "http") <= 4 * 1024);
}

TEST_CASE("non-readers: a long answer nobody reads is computed no further than 16 KiB and a write past what the kernel sends") {
  // The client's receive window is small: what the server writes beyond
  // it waits in the server's kernel, which takes no more once 16 KiB wait
  // there (TCP_NOTSENT_LOWAT). Without that bound the send buffer (256 KiB
  // as Linux doubles --send-buffer's default) filled first, each byte of
  // it computed for nobody.
  TestServer server(with_http());
  Metrics metrics(server.http_port());
  TcpClient client("127.0.0.1", server.http_port());
  client.set_small_receive_buffer();
  client.send("GET /search?q=cjk HTTP/1.1\r\nHost: t\r\n\r\n");  // about 5 MB, never read
  const auto sent = settled([&] { return metrics.sent(); });
  MESSAGE("sent ", sent, " bytes of the unread answer");
  CHECK(sent > 0);
  CHECK(sent <= 192 * 1024);  // the client's window, 16 KiB and a write: not the send buffer's 256 KiB too
}
