// A session's deadlines over real TCP sockets, against a Server in this
// process: idle, request and write timeouts.
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

TEST_CASE("server: a client idle past the timeout is told so and closed, one that sends lines stays") {
  TestServer server(with_timeouts(400ms, 0ms));
  TcpClient idle("127.0.0.1", server.port());
  TcpClient busy("127.0.0.1", server.port());
  TcpClient dribbling("127.0.0.1", server.port());  // bytes, but never a whole line
  CHECK(idle.read_answer() == "?> ");
  CHECK(busy.read_answer() == "?> ");
  CHECK(dribbling.read_answer() == "?> ");
  const auto start = std::chrono::steady_clock::now();
  // Under the timeout between lines, for well over the timeout in all.
  for (int i = 0; i < 6; ++i) {
    std::this_thread::sleep_for(200ms);
    busy.send("cat face\r\n");
    CHECK(busy.read_answer() == expected_answer("cat face"));
    if (i == 0) dribbling.send("x");  // before its timeout; it is closed soon after
  }
  CHECK(std::chrono::steady_clock::now() - start > 1000ms);
  CHECK(idle.read_to_end() == "timeout: closing idle connection\r\n");
  CHECK(dribbling.read_to_end() == "timeout: closing idle connection\r\n");
  busy.send("dollar sign\r\n");
  CHECK(busy.read_answer() == expected_answer("dollar sign"));
}

TEST_CASE("server: a line client never meets the request timeout: half a line waits as long as the idle timeout lets it") {
  TestServer server(ServerOptions{.port = 0, .idle_timeout = 3s, .request_timeout = 100ms});
  TcpClient slow("127.0.0.1", server.port());
  CHECK(slow.read_answer() == "?> ");
  slow.send("cat");
  // Many request timeouts later, the line is still open and gets its end.
  CHECK(slow.silent_for(600ms));
  slow.send(" face\r\n");
  CHECK(slow.read_answer() == expected_answer("cat face"));
}

TEST_CASE("server: line clients waiting as the server stops are closed quietly, not as slow HTTP requests") {
  std::FILE* log_file = std::tmpfile();
  REQUIRE(log_file != nullptr);
  {
    Logger logger(log_file, LogLevel::info);
    TestServer server(ServerOptions{.host = "127.0.0.1", .port = 0, .logger = &logger, .request_timeout = 100ms});
    TcpClient half("127.0.0.1", server.port());
    TcpClient silent("127.0.0.1", server.port());
    CHECK(half.read_answer() == "?> ");
    CHECK(silent.read_answer() == "?> ");
    half.send("cat");
    std::this_thread::sleep_for(50ms);
    REQUIRE(server.stop_and_wait());
    CHECK(half.closed_by_server(1s));
    CHECK(silent.closed_by_server(1s));
  }
  std::rewind(log_file);
  std::string log;
  std::array<char, 4096> buffer;
  for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), log_file)) > 0;) log.append(buffer.data(), n);
  std::fclose(log_file);
  INFO(log);
  CHECK(log.find("Slow") == std::string::npos);
  CHECK(log.find("request not whole") == std::string::npos);
  CHECK(log.find("Close 127.0.0.1:") != std::string::npos);
}

TEST_CASE("server: idle time counts from the end of the last answer, not from the line that asked it") {
  TestServer server(with_timeouts(300ms, 30s));
  TcpClient reader("127.0.0.1", server.port());
  reader.set_small_receive_buffer();
  CHECK(reader.read_answer() == "?> ");
  // An answer read for well over the idle timeout.
  reader.send("sign\r\n");
  const auto expected = expected_answer("sign");
  const auto start = std::chrono::steady_clock::now();
  std::string received;
  while (received.size() < expected.size()) {
    std::this_thread::sleep_for(5ms);
    if (!reader.read_some(received, 5s, 8 * 1024)) break;
  }
  CHECK(std::chrono::steady_clock::now() - start > 600ms);
  CHECK(received == expected);
  // The client has just been answered: it is not idle yet.
  CHECK(reader.silent_for(150ms));
  CHECK(ask(reader, "cat face\r\n") == expected_answer("cat face"));
  // And once it is idle for the timeout, it is closed.
  CHECK(reader.read_to_end() == "timeout: closing idle connection\r\n");
}

TEST_CASE("server: a slow reader that asks again at once is never taken for idle, whatever the kernel has delivered") {
  // Each reader takes its answer 1 KiB at a time, over one to three idle
  // timeouts, through a small window; the end of it waits in its receive
  // buffer, already acknowledged, after the server's kernel has nothing
  // left to send. Counted from the answer's end, an idle deadline could
  // pass while the reader still takes those bytes; counted from the
  // reader's last acknowledgement (its window opening as it reads) it
  // cannot. Several readers at once, as the race is one of timing.
  TestServer server(with_timeouts(500ms, 30s));
  const auto expected = expected_answer("arrow");
  REQUIRE(expected.size() > 20'000);
  std::vector<std::thread> readers;
  std::atomic<int> answered_again{0};
  for (int i = 0; i < 8; ++i) {
    // From about 25 to 65 KiB/s: at some of these rates the server's
    // kernel empties close to the idle deadline.
    const auto pause = std::chrono::milliseconds(15 + 3 * i);
    readers.emplace_back([&, pause] {
      TcpClient reader("127.0.0.1", server.port(), 8 * 1024);
      if (reader.read_answer() != "?> ") return;
      reader.send("arrow\r\n");
      std::string received;
      while (received.size() < expected.size()) {
        std::this_thread::sleep_for(pause);
        if (!reader.read_some(received, 5s, 1024)) break;
      }
      if (received != expected) return;
      std::this_thread::sleep_for(50ms);
      if (ask(reader, "cat face\r\n") == expected_answer("cat face")) ++answered_again;
    });
  }
  for (auto& reader : readers) reader.join();
  CHECK(answered_again == 8);
}

TEST_CASE("server: stop ends even with a client that never reads its answer, once the write timeout has passed") {
  TestServer server(with_timeouts(0ms, 300ms));
  TcpClient greedy("127.0.0.1", server.port());
  CHECK(greedy.read_answer() == "?> ");
  greedy.send("cjk\r\n");  // 4 MB, never read
  greedy.read_exactly(1000);
  CHECK(server.stop_and_wait(5s));
}

TEST_CASE("server: a client that reads slowly, but within the write timeout, gets its whole answer") {
  // Half a megabyte of answers, more than the socket buffers hold, read
  // 64 KB at a time with pauses a tenth of the timeout: the server waits
  // on the socket again and again, never for long enough.
  TestServer server(with_timeouts(0ms, 500ms));
  TcpClient client("127.0.0.1", server.port());
  CHECK(client.read_answer() == "?> ");
  client.send("sign\r\nletter\r\n");
  const auto expected = expected_answer("sign") + expected_answer("letter");
  std::string received;
  while (received.size() < expected.size()) {
    std::this_thread::sleep_for(50ms);
    if (!client.read_some(received, 5s, 64 * 1024)) break;
  }
  CHECK(received == expected);
}

TEST_CASE("server: an answer left unread past the write timeout closes the connection, and others go on") {
  TestServer server(with_timeouts(0ms, 300ms));
  // The default receive buffer: after the close, a tiny one would have the
  // kernel space its window probes seconds apart, and the reading below
  // would take that long.
  TcpClient greedy("127.0.0.1", server.port());
  CHECK(greedy.read_answer() == "?> ");
  greedy.send("cjk\r\n");  // 4 MB, never read
  TcpClient polite("127.0.0.1", server.port());
  CHECK(polite.read_answer() == "?> ");
  for (int i = 0; i < 5; ++i) {
    std::this_thread::sleep_for(150ms);
    polite.send("cat face\r\n");
    CHECK(polite.read_answer() == expected_answer("cat face"));
  }
  // By now the greedy one is closed: reading drains what the kernel held,
  // then the connection ends, far short of the whole answer.
  std::string received;
  while (greedy.read_some(received, 5s)) {
  }
  CHECK(received.size() < expected_answer("cjk").size());
}
