// Many clients of one Server in this process, over real TCP sockets:
// turns, long answers, stopping, listening, the limits on connections.
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

TEST_CASE("server: 500 concurrent clients, 20 queries each, get what the command line prints") {
  // Queries with few and with many results; each client asks 20 of them
  // in its own order.
  const std::vector<std::string> queries{
      "cat face", "dollar", "sign", "capital a", "hangul syllable ga", "4e00", "smiling", "arrow",
      "greek small letter", "box drawings", "thumbs", "heart", "moon", "digit", "brillig", "latin capital letter",
      "tangut 17000", "face with", "black", "white star", "cjk compatibility", "musical", "chess", "flag",
      "circled digit"};
  std::vector<std::string> expected;
  for (const auto& q : queries) expected.push_back(command_line_answer(MOJIFINDER_PROGRAM, q));

  TestServer server;
  constexpr int clients = 500;
  constexpr int queries_per_client = 20;
  std::latch all_connected(clients);
  std::atomic<int> wrong{0}, failed{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      try {
        TcpClient client("127.0.0.1", server.port());
        if (client.read_answer() != "?> ") ++wrong;
        all_connected.arrive_and_wait();
        for (int i = 0; i < queries_per_client; ++i) {
          const auto q = static_cast<std::size_t>(c * 7 + i) % queries.size();
          client.send(queries[q] + "\r\n");
          if (client.read_answer() != expected[q]) ++wrong;
        }
      } catch (const std::exception&) {
        ++failed;
        all_connected.count_down();
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(failed == 0);
  CHECK(wrong == 0);
}

TEST_CASE("server: a client that disconnects in the middle of a long answer disturbs nobody") {
  TestServer server;
  TcpClient steady("127.0.0.1", server.port());
  steady.read_answer();
  for (int round = 0; round < 5; ++round) {
    TcpClient quitter("127.0.0.1", server.port());
    quitter.set_small_receive_buffer();
    quitter.read_answer();
    quitter.send("cjk\r\n");
    quitter.read_exactly(1000);
    if (round % 2 == 0) {
      quitter.reset();
    }  // else: an orderly close when it goes out of scope

    steady.send("cat face\r\n");
    CHECK(steady.read_answer() == expected_answer("cat face"));
  }
  TcpClient newcomer("127.0.0.1", server.port());
  newcomer.read_answer();
  newcomer.send("dollar sign\r\n");
  CHECK(newcomer.read_answer() == expected_answer("dollar sign"));
}

// Four `cjk` answers (16 MB) are more than the socket buffers hold, so a
// client that asks for them and does not read keeps its session in the
// middle of writing.
constexpr int long_answers = 4;

void ask_long_answers(TcpClient& client) {
  std::string queries;
  for (int i = 0; i < long_answers; ++i) queries += "cjk\r\n";
  client.send(queries);
  client.read_exactly(1000);  // the first answer has started
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

TEST_CASE("server: long answers are interleaved with other clients' short ones") {
  TestServer server;
  TcpClient heavy("127.0.0.1", server.port());
  heavy.read_answer();
  ask_long_answers(heavy);

  TcpClient light("127.0.0.1", server.port());
  light.read_answer();
  for (int i = 0; i < 10; ++i) {
    light.send("cat face\r\n");
    CHECK(light.read_answer() == expected_answer("cat face"));
  }

  std::string expected;
  for (int i = 0; i < long_answers; ++i) expected += expected_answer("cjk");
  CHECK(heavy.read_until(expected.substr(1000)).size() + 1000 == expected.size());
}

TEST_CASE("server: clients pipelining thousands of queries take turns") {
  // Two clients pour 20,000 lines each into the server before it runs;
  // the server's log shows the order it answered them in. A session that
  // answered all it had read before giving the loop back would make runs
  // of thousands of one client's lines.
  std::FILE* log_file = std::tmpfile();
  REQUIRE(log_file != nullptr);
  std::optional<Logger> logger(std::in_place, log_file, LogLevel::info);
  TestServer server(ServerOptions{.host = "127.0.0.1", .port = 0, .logger = &*logger}, TestServer::Start::later);
  TcpClient first("127.0.0.1", server.port());
  TcpClient second("127.0.0.1", server.port());
  constexpr std::size_t lines = 20000;
  std::string burst;
  for (std::size_t i = 0; i < lines; ++i) burst += "\r\n";  // each answered by a prompt alone
  first.send(burst);
  second.send(burst);
  server.start();

  std::string prompts;
  for (std::size_t i = 0; i <= lines; ++i) prompts += prompt;  // the greeting too
  // Both read at once: a client left unread would fill its socket, and
  // the other would rightly have the loop to itself meanwhile.
  std::string second_got;
  std::thread second_reader([&] {
    try {
      second_got = second.read_exactly(prompts.size());
    } catch (const std::exception&) {
      // second_got stays short, and the check below fails
    }
  });
  CHECK(first.read_exactly(prompts.size()) == prompts);
  second_reader.join();
  CHECK(second_got == prompts);
  REQUIRE(server.stop_and_wait());
  logger.reset();  // writes what is pending

  std::rewind(log_file);
  std::map<std::string, std::size_t> answered;
  std::size_t longest_run = 0;
  std::size_t run = 0;
  std::string previous;
  std::array<char, 256> line;
  while (std::fgets(line.data(), line.size(), log_file) != nullptr) {
    // " From 127.0.0.1:PORT: ''"
    const std::string_view text(line.data());
    const auto from = text.find(" From ");
    if (from == std::string_view::npos) continue;
    const auto peer = std::string(text.substr(from + 6, text.find(": ", from) - from - 6));
    ++answered[peer];
    run = peer == previous ? run + 1 : 1;
    longest_run = std::max(longest_run, run);
    previous = peer;
  }
  std::fclose(log_file);
  CHECK(answered["127.0.0.1:" + std::to_string(first.local_port())] == lines);
  CHECK(answered["127.0.0.1:" + std::to_string(second.local_port())] == lines);
  // A turn is a few dozen answers (a read counts as one more).
  CHECK(longest_run <= 64);
}

TEST_CASE("server: stop lets answers finish, closes every connection and ends run()") {
  TestServer server;
  TcpClient idle("127.0.0.1", server.port());
  idle.read_answer();
  TcpClient idle_mid_line("127.0.0.1", server.port());
  idle_mid_line.read_answer();
  idle_mid_line.send("cat fa");
  TcpClient reader("127.0.0.1", server.port());
  reader.read_answer();
  ask_long_answers(reader);

  std::thread stopper([&] { CHECK(server.stop_and_wait()); });
  // The answer being written is finished, the ones queued after it are
  // not begun, and the connection is closed.
  const auto rest = reader.read_to_end();
  const auto received = 1000 + rest.size();
  std::string all_answers;
  for (int i = 0; i < long_answers; ++i) all_answers += expected_answer("cjk");
  CHECK(rest == all_answers.substr(1000, rest.size()));
  const auto one_answer = expected_answer("cjk").size();
  CHECK(received % one_answer == 0);
  CHECK(received >= one_answer);
  CHECK(received <= long_answers * one_answer);
  CHECK(idle.closed_by_server());
  CHECK(idle_mid_line.closed_by_server());
  stopper.join();
  CHECK_THROWS(TcpClient("127.0.0.1", server.port()));
}

TEST_CASE("server: stop delivers the whole answer being written, even to a client that has sent more") {
  // The line sent during the answer is still unread in the server's socket
  // when the session ends: closing such a socket outright would reset the
  // connection and throw away the end of the answer not yet delivered.
  TestServer server;
  TcpClient reader("127.0.0.1", server.port());
  reader.read_answer();
  reader.send("cjk\r\n");
  const auto start = reader.read_exactly(1000);
  reader.send("cat face\r\n");
  std::this_thread::sleep_for(100ms);

  std::thread stopper([&] { CHECK(server.stop_and_wait()); });
  std::this_thread::sleep_for(100ms);
  std::string received = start;
  while (reader.read_some(received, 10s)) {
  }
  CHECK(received.size() == expected_answer("cjk").size());
  CHECK(received == expected_answer("cjk"));
  stopper.join();
}

TEST_CASE("server: listens on IPv6 too") {
  std::optional<TestServer> server;
  try {
    server.emplace("::1");
  } catch (const std::system_error& e) {
    MESSAGE("skipped: no IPv6 loopback on this machine (" << e.what() << ")");
    return;
  }
  TcpClient client("::1", server->port());
  client.read_answer();
  client.send("cat face\r\n");
  CHECK(client.read_answer() == expected_answer("cat face"));
}

TEST_CASE("server: local_endpoint gives the port it took, and a taken port is an error") {
  TestServer first;
  CHECK(first.port() != 0);
  asio::io_context io;
  CHECK_THROWS_AS(Server(io.get_executor(), embedded_name_index(), ServerOptions{.port = first.port()}),
                  std::system_error);
}

TEST_CASE("server: a client that reads slowly gets long answers whole, scattered or consecutive") {
  // `sign` and `letter` match lines spread over the index, `cjk` long runs
  // of consecutive ones: both ways of gathering a piece, and pieces cut
  // short by a full socket, must still give the exact bytes.
  TestServer server;
  TcpClient client("127.0.0.1", server.port());
  client.read_answer();
  client.send("sign\r\nletter\r\ncjk\r\nsign\r\n");
  const auto expected = expected_answer("sign") + expected_answer("letter") + expected_answer("cjk") +
                        expected_answer("sign");
  std::string received;
  std::size_t next_pause = 0;
  while (received.size() < expected.size()) {
    // Pauses now and then, so that the server finds the socket full.
    if (received.size() >= next_pause) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      next_pause += 512 * 1024;
    }
    REQUIRE(client.read_some(received, std::chrono::seconds(10)));
  }
  CHECK(received.size() == expected.size());
  CHECK(received == expected);
}

TEST_CASE("server: sessions already waiting park when connections pass the threshold, and still answer") {
  TestServer server(ServerOptions{.port = 0, .compact_sessions_above = 2});
  std::vector<std::unique_ptr<TcpClient>> clients;
  for (int i = 0; i < 4; ++i) {
    clients.push_back(std::make_unique<TcpClient>("127.0.0.1", server.port()));
    CHECK(clients.back()->read_answer() == "?> ");
  }
  // The first two waited inside their coroutines and were asked to park
  // when the third came; every one must answer exactly, twice over.
  for (int round = 0; round < 2; ++round) {
    for (auto& client : clients) {
      client->send("cat face\r\n");
      CHECK(client->read_answer() == expected_answer("cat face"));
    }
  }
  // Back under the threshold, the rest still answer and stop still works.
  clients.resize(1);
  clients.front()->send("dollar sign\r\n");
  CHECK(clients.front()->read_answer() == expected_answer("dollar sign"));
  CHECK(server.stop_and_wait());
  CHECK(clients.front()->closed_by_server());
}

TEST_CASE("server: at the connection limit one more client is told the server is busy, and gets in once one leaves") {
  constexpr std::size_t limit = 3;
  TestServer server(ServerOptions{.port = 0, .max_connections = limit});
  std::vector<std::unique_ptr<TcpClient>> clients;
  for (std::size_t i = 0; i < limit; ++i) {  // up to the limit: served
    clients.push_back(std::make_unique<TcpClient>("127.0.0.1", server.port()));
    CHECK(clients.back()->read_answer() == "?> ");
  }
  {
    TcpClient refused("127.0.0.1", server.port());  // one over: refused, cleanly
    CHECK(refused.read_to_end() == "error: server busy, try again later\r\n");
  }
  // Those in are still served.
  clients.front()->send("cat face\r\n");
  CHECK(clients.front()->read_answer() == expected_answer("cat face"));

  // One leaves: its place is free once the server has seen it go.
  clients.pop_back();
  bool admitted = false;
  for (int attempt = 0; attempt < 100 && !admitted; ++attempt) {
    TcpClient next("127.0.0.1", server.port());
    std::string greeting;
    next.read_some(greeting, std::chrono::seconds(5));
    admitted = greeting == "?> ";
    if (!admitted) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(admitted);
}

TEST_CASE("server: out of descriptors, the listener backs off, keeps serving, and takes the waiting client later") {
#ifdef MOJIFINDER_TEST_UNDER_UBSAN
  MESSAGE("not run under UndefinedBehaviorSanitizer, whose type checks need free descriptors (see CMakeLists.txt)");
  return;
#endif
  TestServer server;
  TcpClient steady("127.0.0.1", server.port());
  steady.read_answer();
  // After the greeting the listener tries one more accept, and Linux's
  // accept reserves a descriptor before it finds nothing pending: filling
  // descriptors during that call would leave one free once it returns. An
  // answer from the server's one thread shows the call is over.
  CHECK(ask(steady, "cat face\r\n") == expected_answer("cat face"));

  // Bring this process's limit down near what it holds, fill all but one
  // descriptor, and let a client take that one: the server cannot accept.
  rlimit saved{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &saved) == 0);
  const int probe = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  REQUIRE(probe >= 0);
  ::close(probe);
  rlimit low = saved;
  low.rlim_cur = static_cast<rlim_t>(probe) + 64;
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &low) == 0);
  std::vector<int> fillers;
  for (int fd; (fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;) fillers.push_back(fd);
  REQUIRE(errno == EMFILE);
  ::close(fillers.back());
  fillers.pop_back();
  TcpClient waiting("127.0.0.1", server.port());

  const auto cpu_time = [] {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return std::chrono::seconds(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           std::chrono::microseconds(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
  };
  const auto cpu_before = cpu_time();
  // The client it has is still answered, the new one waits.
  for (int i = 0; i < 5; ++i) {
    steady.send("cat face\r\n");
    CHECK(steady.read_answer() == expected_answer("cat face"));
    std::this_thread::sleep_for(100ms);
  }
  CHECK(waiting.silent_for(100ms));
  // Half a second of retrying an accept that fails: a loop that did not
  // back off would have taken about as much processor time.
  CHECK(cpu_time() - cpu_before < 150ms);

  for (const int fd : fillers) ::close(fd);
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &saved) == 0);
  CHECK(waiting.read_answer() == "?> ");
  CHECK(ask(waiting, "cat face\r\n") == expected_answer("cat face"));
}
