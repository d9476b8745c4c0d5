// --proxy-protocol over real sockets: each connection begins with a PROXY
// header, v1 or v2, split however the network splits it; the client it
// names is the one the log shows; without a valid one in time, nothing is
// sent and the connection closes.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "mojifinder/http/http_conversation.hpp"
#include "mojifinder/server/address_range.hpp"
#include "mojifinder/server/logger.hpp"
#include "support/http_response.hpp"
#include "support/process.hpp"
#include "support/tcp_client.hpp"
#include "support/test_server.hpp"

using namespace mojifinder;
using namespace mojifinder::test;
using namespace std::literals;

namespace {

ServerOptions behind_a_balancer(Logger* logger = nullptr) {
  return ServerOptions{.port = 0, .http_port = 0, .logger = logger, .proxy_protocol = true,
                       .request_timeout = 400ms};
}

std::string v2_tcp4(std::string_view source, unsigned source_port) {
  std::string out("\r\n\r\n\0\r\nQUIT\n\x21\x11\x00\x0c", 16);
  for (std::size_t at = 0; at < source.size();) {
    const auto dot = std::min(source.find('.', at), source.size());
    out += static_cast<char>(std::stoi(std::string(source.substr(at, dot - at))));
    at = dot + 1;
  }
  out += std::string("\x7f\x00\x00\x01", 4);
  out += static_cast<char>(source_port >> 8);
  out += static_cast<char>(source_port & 0xFF);
  out += std::string("\x09\x13", 2);
  return out;
}

// A server's log, written to a temporary file and read back once the
// server has gone.
class CapturedLog {
 public:
  CapturedLog() : file_(std::tmpfile()) {
    REQUIRE(file_ != nullptr);
    logger_.emplace(file_, LogLevel::info);
  }
  ~CapturedLog() { std::fclose(file_); }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;

  Logger* logger() { return &*logger_; }

  // Everything logged; the logger is closed first, so that nothing is pending.
  std::string text() {
    logger_.reset();
    std::rewind(file_);
    std::string out;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file_)) > 0;) out.append(buffer, n);
    return out;
  }

 private:
  std::FILE* file_;
  std::optional<Logger> logger_;
};

}  // namespace

TEST_CASE("proxy protocol: v1 and v2 headers, whole or split, and the client they name is the one logged") {
  CapturedLog captured;
  {
    TestServer server(behind_a_balancer(captured.logger()));
    const auto expected = command_line_answer(MOJIFINDER_PROGRAM, "cat face");
    // v1, with the first query in the same packet.
    TcpClient line("127.0.0.1", server.port());
    line.send("PROXY TCP4 203.0.113.7 127.0.0.1 51234 2323\r\ncat face\r\n");
    // The greeting and the answer may come in one read.
    CHECK(line.read_exactly(test::prompt.size() + expected.size()) == std::string(test::prompt) + expected);
    // v2, a byte at a time, then HTTP.
    TcpClient web("127.0.0.1", server.http_port());
    for (const char c : v2_tcp4("198.51.100.9", 40000)) {
      web.send(std::string(1, c));
      std::this_thread::sleep_for(1ms);
    }
    web.send("GET /search?q=cat+face HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    const auto response = web.read_to_end();
    CHECK(response.starts_with("HTTP/1.1 200 OK\r\n"));
    CHECK(response.find("X-Total-Count: 10\r\n") != std::string::npos);
    // v1 UNKNOWN and v2 LOCAL (a balancer's own health check): the
    // connection's own address stands.
    TcpClient check("127.0.0.1", server.port());
    check.send("PROXY UNKNOWN\r\n");
    CHECK(check.read_answer() == test::prompt);
    TcpClient local("127.0.0.1", server.port());
    local.send(std::string("\r\n\r\n\0\r\nQUIT\n\x20\x00\x00\x00", 16));
    CHECK(local.read_answer() == test::prompt);
    local.send("/quit\r\n");
    CHECK(local.closed_by_server());
    REQUIRE(server.stop_and_wait());
  }
  const auto log = captured.text();
  INFO(log);
  CHECK(log.find(" From 203.0.113.7:51234: 'cat face'") != std::string::npos);
  CHECK(log.find(" From 198.51.100.9:40000: GET '/search?q=cat+face'") != std::string::npos);
  CHECK(log.find("127.0.0.1:") != std::string::npos);  // the health checks, under their own address
}

TEST_CASE("proxy protocol: no header, a bad one, or none in time: closed with nothing sent") {
  CapturedLog captured;
  {
    TestServer server(behind_a_balancer(captured.logger()));
    const std::vector<std::string> bad_starts = {"cat face\r\n", "GET / HTTP/1.1\r\nHost: t\r\n\r\n",
                                                 "PROXY TCP4 1.2.3.4 5.6.7.8 99999 1\r\n",
                                                 "PROXY TCP4 1.2.3.4\r\ncat face\r\n",
                                                 "PROXY UNKNOWN " + std::string(200, 'x')};
    for (const auto& bad : bad_starts) {
      CAPTURE(bad);
      TcpClient client("127.0.0.1", server.port());
      client.send(bad);
      CHECK(client.read_to_end() == "");
    }
    TcpClient web("127.0.0.1", server.http_port());
    web.send("GET /search?q=cat HTTP/1.1\r\nHost: t\r\n\r\n");
    CHECK(web.read_to_end() == "");
    // Silent, or half a header: closed after the request timeout, unanswered.
    TcpClient silent("127.0.0.1", server.port());
    TcpClient half("127.0.0.1", server.http_port());
    half.send("PROXY TCP4 203.0.");
    const auto start = std::chrono::steady_clock::now();
    CHECK(silent.read_to_end() == "");
    CHECK(half.read_to_end() == "");
    CHECK(std::chrono::steady_clock::now() - start >= 300ms);
    REQUIRE(server.stop_and_wait());
  }
  const auto log = captured.text();
  INFO(log);
  CHECK(log.find(": the connection does not begin with a PROXY protocol header, closing.") != std::string::npos);
  CHECK(log.find(": a malformed PROXY v1 header, closing.") != std::string::npos);
  CHECK(log.find(": a PROXY v1 header longer than 107 bytes, closing.") != std::string::npos);
  CHECK(log.find(": no PROXY header in time, closing.") != std::string::npos);
}

TEST_CASE("proxy protocol: address ranges as --proxy-from takes them") {
  const auto range = [](std::string_view text) {
    const auto parsed = AddressRange::parse(text);
    REQUIRE(parsed.has_value());
    return *parsed;
  };
  const auto address = [](const char* text) { return asio::ip::make_address(text); };
  CHECK(range("10.0.0.0/8").contains(address("10.255.1.2")));
  CHECK_FALSE(range("10.0.0.0/8").contains(address("11.0.0.1")));
  CHECK(range("192.168.4.0/22").contains(address("192.168.7.255")));
  CHECK_FALSE(range("192.168.4.0/22").contains(address("192.168.8.0")));
  CHECK(range("127.0.0.1").contains(address("127.0.0.1")));
  CHECK_FALSE(range("127.0.0.1").contains(address("127.0.0.2")));
  CHECK(range("0.0.0.0/0").contains(address("203.0.113.9")));
  CHECK(range("10.0.0.0/8").contains(address("::ffff:10.1.2.3")));  // IPv4 through an IPv6 listener
  CHECK(range("2001:db8::/32").contains(address("2001:db8:ffff::1")));
  CHECK_FALSE(range("2001:db8::/32").contains(address("2001:db9::1")));
  CHECK_FALSE(range("::/0").contains(address("10.0.0.1")));  // one family each
  for (const auto* bad : {"10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/8x", "nowhere", "10.0.0/8", ""}) {
    CAPTURE(bad);
    CHECK_FALSE(AddressRange::parse(bad).has_value());
  }
}

TEST_CASE("proxy protocol: with --proxy-from, a header from any other peer is refused and logged") {
  CapturedLog captured;
  {
    auto options = behind_a_balancer(captured.logger());
    options.proxy_from = {*AddressRange::parse("10.0.0.0/8"), *AddressRange::parse("2001:db8::/32")};
    TestServer server(options);
    TcpClient forger("127.0.0.1", server.port());
    forger.send("PROXY TCP4 203.0.113.7 127.0.0.1 51234 2323\r\ncat face\r\n");
    CHECK(forger.read_to_end() == "");
    TcpClient web("127.0.0.1", server.http_port());
    web.send(v2_tcp4("198.51.100.9", 40000) + "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
    CHECK(web.read_to_end() == "");
    REQUIRE(server.stop_and_wait());
  }
  const auto log = captured.text();
  INFO(log);
  CHECK(log.find("Refused 127.0.0.1:") != std::string::npos);
  CHECK(log.find(": not a balancer named by --proxy-from, closing.") != std::string::npos);
  CHECK(log.find("203.0.113.7") == std::string::npos);  // the forged addresses are never taken
  CHECK(log.find("198.51.100.9") == std::string::npos);

  // The balancer's own address is believed.
  auto options = behind_a_balancer();
  options.proxy_from = {*AddressRange::parse("127.0.0.0/8")};
  TestServer server(options);
  TcpClient balancer("127.0.0.1", server.port());
  balancer.send("PROXY TCP4 203.0.113.7 127.0.0.1 51234 2323\r\ncat face\r\n");
  const auto expected = command_line_answer(MOJIFINDER_PROGRAM, "cat face");
  CHECK(balancer.read_exactly(test::prompt.size() + expected.size()) == std::string(test::prompt) + expected);
}

TEST_CASE("per-address limit: one connection over it is told so and closed, other addresses go on") {
  ServerOptions options{.port = 0, .http_port = 0, .max_connections_per_address = 2};
  TestServer server(options);
  TcpClient first("127.0.0.1", server.port());
  CHECK(first.read_answer() == test::prompt);
  TcpClient second("127.0.0.1", server.http_port());
  second.send("GET /search?q=cat HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(second.read_until("]").starts_with("HTTP/1.1 200 OK\r\n"));
  TcpClient third("127.0.0.1", server.port());
  CHECK(third.read_to_end() == "error: too many connections from your address\r\n");
  TcpClient fourth("127.0.0.1", server.http_port());
  auto too_many = fourth.read_to_end();
  CHECK(take_dates(too_many) == 1);
  CHECK(too_many == http_too_many_from_address_response);
  // Room again once one has gone.
  first.send("/quit\r\n");
  CHECK(first.closed_by_server());
  std::this_thread::sleep_for(50ms);
  TcpClient fifth("127.0.0.1", server.port());
  CHECK(fifth.read_answer() == test::prompt);
}

TEST_CASE("per-address limit: behind a balancer it counts the address the PROXY header names") {
  CapturedLog captured;
  {
    auto options = behind_a_balancer(captured.logger());
    options.max_connections_per_address = 1;
    TestServer server(options);
    TcpClient a("127.0.0.1", server.port());
    a.send("PROXY TCP4 203.0.113.7 127.0.0.1 1000 2323\r\n");
    CHECK(a.read_answer() == test::prompt);
    TcpClient b("127.0.0.1", server.port());
    b.send("PROXY TCP4 198.51.100.9 127.0.0.1 1000 2323\r\n");
    CHECK(b.read_answer() == test::prompt);
    TcpClient again("127.0.0.1", server.port());
    again.send("PROXY TCP4 203.0.113.7 127.0.0.1 1001 2323\r\n");
    CHECK(again.read_to_end() == "error: too many connections from your address\r\n");
    REQUIRE(server.stop_and_wait());
  }
  const auto log = captured.text();
  INFO(log);
  CHECK(log.find("Refused 203.0.113.7:1001: too many connections from its address, closing.") != std::string::npos);
}
