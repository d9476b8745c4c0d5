// A session's input over real TCP sockets, against a Server in this
// process: bytes as they come, lines, limits, telnet's.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <latch>
#include <memory>
#include <map>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

#include "mojifinder/answer/answer.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/line/command.hpp"
#include "mojifinder/query/results.hpp"
#include "support/line_client.hpp"
#include "support/oracles.hpp"
#include "support/process.hpp"
#include "support/tcp_client.hpp"
#include "support/test_server.hpp"

using namespace mojifinder;
using namespace mojifinder::test;
using namespace std::literals;

TEST_CASE("server: a session on exact bytes") {
  TestServer server;
  TcpClient client("127.0.0.1", server.port());
  CHECK(client.read_exactly(3) == "?> ");

  client.send("cat face\r\n");
  const auto answer = client.read_answer();
  CHECK(answer.starts_with("U+1F431\t\xF0\x9F\x90\xB1\tCAT FACE\r\nU+1F638\t"));
  CHECK(answer.ends_with("\xE2\x94\x80\xE2\x94\x80 10 found\r\n?> "));
  CHECK(answer == expected_answer("cat face"));

  client.send("\r\n");
  CHECK(client.read_answer() == "?> ");
  client.send("   \t  \n");
  CHECK(client.read_answer() == "?> ");

  client.send("brillig\r\n");
  std::string none;
  for (int i = 0; i < 66; ++i) none += "\u2500";
  CHECK(client.read_answer() == none + " 0 found\r\n?> ");

  client.send("  Heavy-DOLLAR sign  \r\n");
  CHECK(client.read_answer() == "U+1F4B2\t\U0001F4B2\tHEAVY DOLLAR SIGN\r\n" + none + " 1 found\r\n?> ");
}

TEST_CASE_FIXTURE(GreetedClient, "server: a line starting with a control character closes the session") {
  client.send("\x01 cat\r\n");
  CHECK(client.closed_by_server());
}

TEST_CASE_FIXTURE(GreetedClient, "server: a line that is not UTF-8 gets an error line, and the session goes on") {
  CHECK(ask(client, "cat \xC3\r\n") == "error: query is not valid UTF-8\r\n?> ");
  // IAC IAC is a literal 0xFF: two of them and 0xFE.
  CHECK(ask(client, "\xFF\xFF\xFE\n") == "error: query is not valid UTF-8\r\n?> ");
  CHECK(ask(client, "cat face\r\n") == expected_answer("cat face"));
}

TEST_CASE_FIXTURE(GreetedClient, "server: a control character inside a line gets an error line, and the session goes on") {
  CHECK(ask(client, "cat \x1b[A face\r\n") == "error: query contains a control character (U+001B)\r\n?> ");
  CHECK(ask(client, "\x7F\r\n") == "error: query contains a control character (U+007F)\r\n?> ");
  // A tab is white space: it separates words.
  CHECK(ask(client, "cat\tface\r\n") == expected_answer("cat face"));
}

TEST_CASE("server: a line at the limit is answered, one byte over gets an error, and the rest is thrown away") {
  constexpr std::size_t limit = 64;
  TestServer server(ServerOptions{.port = 0, .max_line_bytes = limit});
  TcpClient client("127.0.0.1", server.port());
  client.read_answer();

  // Padded with spaces, which the stripping takes off: at the limit, the
  // CR LF not counted.
  const auto padded = [](std::string query, std::size_t length) {
    query.resize(length, ' ');
    return query;
  };
  client.send(padded("cat face", limit) + "\r\n");
  CHECK(client.read_answer() == expected_answer("cat face"));
  client.send(padded("cat face", limit - 1) + "\n");
  CHECK(client.read_answer() == expected_answer("cat face"));

  const std::string too_long = "error: line too long (limit 64 bytes)\r\n?> ";
  client.send(padded("cat face", limit + 1) + "\r\n");
  CHECK(client.read_answer() == too_long);

  // A megabyte without a line end, in pieces: thrown away as it comes, then
  // one error for the whole line, and the next line is a query again.
  for (int i = 0; i < 16; ++i) client.send(std::string(64 * 1024, 'x'));
  client.send("\r\ndollar sign\r\n");
  const auto expected = too_long + expected_answer("dollar sign");
  CHECK(client.read_until(expected) == expected);
}

TEST_CASE_FIXTURE(GreetedClient, "server: lines pipelined in one packet are answered in order") {
  client.send("cat face\r\ndollar sign\n\r\nbrillig\nsmiling cat\r\n");
  const auto expected = expected_answer("cat face") + expected_answer("dollar sign") + "?> " +
                        expected_answer("brillig") + expected_answer("smiling cat");
  CHECK(client.read_until(expected_answer("smiling cat")) == expected);
}

TEST_CASE_FIXTURE(GreetedClient, "server: a line split over many packets is put together") {
  for (const auto piece : {"c"sv, "at "sv, "fa"sv, "ce\r"sv, "\n"sv}) {
    client.send(piece);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(client.read_answer() == expected_answer("cat face"));
}

TEST_CASE("server: a client that half-closes gets all its answers, then the end") {
  TestServer server;
  TcpClient client("127.0.0.1", server.port());
  client.send("cat face\nletter\ndollar sign");  // the last line has no LF
  client.shutdown_write();
  CHECK(client.read_to_end() ==
        "?> " + expected_answer("cat face") + expected_answer("letter") + expected_answer("dollar sign"));
}

TEST_CASE_FIXTURE(GreetedClient, "server: telnet negotiation is taken out of the queries") {
  client.send("\xFF\xFD\x01\xFF\xFB\x03\xFF\xFA\x18\x00xterm\xFF\xF0" "cat \xFF\xFE\x22" "face\r\n"sv);
  CHECK(client.read_answer() == expected_answer("cat face"));
}

TEST_CASE("server: telnet interrupts and a lone Ctrl-D close the session") {
  TestServer server;
  for (const auto interrupt : {"\xFF\xF4\xFF\xFD\x06"sv, "\xFF\xF3"sv, "\xFF\xF5"sv, "\xFF\xEE"sv, "\xFF\xEC"sv,
                               "\x04"sv}) {
    TcpClient client("127.0.0.1", server.port());
    client.read_answer();
    client.send("cat face\r\n");
    client.read_answer();
    client.send(interrupt);
    CHECK(client.closed_by_server());
  }
}

TEST_CASE_FIXTURE(GreetedClient, "server: the answer before an interrupt in the same packet is still sent") {
  client.send("cat face\r\n\xFF\xF4\xFF\xFD\x06"sv);
  CHECK(client.read_to_end() == expected_answer("cat face"));
}
