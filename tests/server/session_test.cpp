// The protocol over real TCP sockets, against a Server in this process.
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

#include "mojifinder/answer.hpp"
#include "mojifinder/command.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/results.hpp"
#include "support/process.hpp"
#include "support/tcp_client.hpp"
#include "support/test_server.hpp"
#include "support/oracles.hpp"

using namespace mojifinder;
using namespace mojifinder::test;
using namespace std::literals;

namespace {

// What the server must send for `query`: every result line, the status
// line and the prompt.
std::string expected_answer(std::string_view query) {
  const auto& index = embedded_name_index();
  WordList words;
  words.split(query);
  std::vector<EntryId> scratch;
  std::string out;
  append_answer(out, index, search(index, words, scratch), LineEnd::crlf);
  return out + std::string(prompt);
}

// Sends one line and reads its answer up to the prompt.
std::string ask(TcpClient& client, std::string_view line) {
  client.send(line);
  return client.read_answer();
}

}  // namespace

// A server and one client that has read its first prompt: what most tests
// here begin with.
struct GreetedClient {
  TestServer server;
  TcpClient client{"127.0.0.1", server.port()};
  GreetedClient() { CHECK(client.read_answer() == "?> "); }
};

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

namespace {

ServerOptions with_timeouts(std::chrono::milliseconds idle, std::chrono::milliseconds write) {
  return ServerOptions{.port = 0, .idle_timeout = idle, .write_timeout = write};
}

}  // namespace

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

namespace {

// `text` with the wire's CR LF for each LF.
std::string on_the_wire(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

std::string rule() {
  std::string out;
  for (int i = 0; i < 66; ++i) out += "\u2500";
  return out;
}

// The lines of results `first` to `first + count - 1` of `query`.
std::string result_lines(std::string_view query, std::size_t first, std::size_t count) {
  std::string error;
  const auto all = find_all(embedded_name_index(), query, error);
  std::string out;
  for (std::size_t i = first; i < first + count && i < all.size(); ++i) {
    append_result(out, embedded_name_index(), all[i], LineEnd::crlf);
  }
  return out;
}

}  // namespace

TEST_CASE_FIXTURE(GreetedClient, "server: /help sends the query language and the commands") {
  const auto help = ask(client, "/help\r\n");
  CHECK(help == on_the_wire(help_text()) + "?> ");
  CHECK(help.starts_with("Type words to find every character whose name holds them all: cat face\r\n"));
  CHECK(help.find("  /limit N ") != std::string::npos);
}

TEST_CASE_FIXTURE(GreetedClient, "server: /limit pages long answers, /more shows the next page, and the status line says which") {
  CHECK(ask(client, "/limit 3\r\n") == "ok: answers show at most 3 results; /more shows the next\r\n?> ");
  std::string error;
  const auto count = find_all(embedded_name_index(), "sign", error).size();
  const auto status = [&](std::size_t first, std::size_t last) {
    return rule() + " " + std::to_string(count) + " found, " + std::to_string(first) + " to " +
           std::to_string(last) + " shown\r\n?> ";
  };
  CHECK(ask(client, "sign\r\n") ==
        "U+0023\t#\tNUMBER SIGN\r\nU+0024\t$\tDOLLAR SIGN\r\nU+0025\t%\tPERCENT SIGN\r\n" + status(1, 3));
  CHECK(ask(client, "/more\r\n") == result_lines("sign", 3, 3) + status(4, 6));
  // An answer within the limit is the original's, byte for byte.
  CHECK(ask(client, "cat face\r\n").size() > 0);
  CHECK(ask(client, "heavy dollar sign\r\n") == expected_answer("heavy dollar sign"));
  CHECK(ask(client, "/more\r\n") == "error: nothing more to show\r\n?> ");
  // The last page of a paged answer, then nothing more.
  CHECK(ask(client, "/limit 4\r\n") == "ok: answers show at most 4 results; /more shows the next\r\n?> ");
  CHECK(ask(client, "smil* cat\r\n") == result_lines("smil* cat", 0, 4) + rule() + " 4 found\r\n?> ");
  CHECK(ask(client, "cat face\r\n") == result_lines("cat face", 0, 4) + rule() + " 10 found, 1 to 4 shown\r\n?> ");
  CHECK(ask(client, "/more\r\n") == result_lines("cat face", 4, 4) + rule() + " 10 found, 5 to 8 shown\r\n?> ");
  CHECK(ask(client, "/more\r\n") == result_lines("cat face", 8, 2) + rule() + " 10 found, 9 to 10 shown\r\n?> ");
  CHECK(ask(client, "/more\r\n") == "error: nothing more to show\r\n?> ");
  CHECK(ask(client, "/limit 0\r\n") == "ok: answers show every result\r\n?> ");
  CHECK(ask(client, "cat face\r\n") == expected_answer("cat face"));
}

TEST_CASE_FIXTURE(GreetedClient, "server: /format json answers in JSON Lines that a real parser reads") {
  CHECK(ask(client, "/format json\r\n") == "{\"ok\":\"answers in JSON Lines\"}\r\n?> ");
  const auto answer = ask(client, "cat face\r\n");
  REQUIRE(answer.ends_with("\r\n?> "));
  std::vector<nlohmann::json> objects;
  for (std::size_t at = 0; at < answer.size() - 3;) {
    const auto end = answer.find("\r\n", at);
    objects.push_back(nlohmann::json::parse(answer.substr(at, end - at)));
    at = end + 2;
  }
  REQUIRE(objects.size() == 11);
  CHECK(objects[0] == nlohmann::json::parse(R"({"code_points":["U+1F431"],"characters":"🐱","name":"CAT FACE"})"));
  std::string error;
  const auto results = find_all(embedded_name_index(), "cat face", error);
  for (std::size_t i = 0; i < results.size(); ++i) {
    CHECK(objects[i]["name"] == std::string(embedded_name_index().name(results[i])));
  }
  CHECK(objects.back() == nlohmann::json{{"count", 10}});

  // Controls travel escaped; errors are objects too; a page says which.
  const auto control = ask(client, "U+0000 U+2028\r\n");
  CHECK(control.starts_with(R"({"code_points":["U+0000"],"characters":"\u0000","name":"NULL"})"
                            "\r\n"
                            R"({"code_points":["U+2028"],"characters":"\u2028","name":"LINE SEPARATOR"})"));
  CHECK(nlohmann::json::parse(control.substr(0, control.find("\r\n")))["characters"] == std::string(1, '\0'));
  CHECK(ask(client, "caf\xE9\r\n") == "{\"error\":\"query is not valid UTF-8\"}\r\n?> ");
  ask(client, "/limit 2\r\n");
  const auto page = ask(client, "cat face\r\n");
  CHECK(page.ends_with("{\"count\":10,\"first\":1,\"last\":2}\r\n?> "));
  CHECK(ask(client, "/format text\r\n") == "ok: answers in text\r\n?> ");
}

TEST_CASE("server: /stats counts connections, queries and bytes, /quit ends the session") {
  TestServer server;
  TcpClient other("127.0.0.1", server.port());
  other.read_answer();
  TcpClient client("127.0.0.1", server.port());
  client.read_answer();
  const auto cat_face = ask(client, "cat face\r\n");
  const auto stats = ask(client, "/stats\r\n");
  // The greetings and the answer have gone out; /stats's own reply has not.
  const auto sent = 3 + 3 + cat_face.size();
  CHECK(stats.starts_with("uptime: "));
  INFO(stats);
  const auto& index = embedded_name_index();
  std::string data = "\r\ndata: Unicode ";
  data.append(index.unicode_version()).append(", emoji ").append(index.emoji_version());
  data.append(", CLDR ").append(index.cldr_version()).append("\r\n?> ");
  CHECK(stats.find(" s\r\nconnections: 2 open, 2 since start\r\nqueries: 1\r\nbytes sent: " + std::to_string(sent) +
                   data) != std::string::npos);
  ask(client, "/format json\r\n");
  const auto json_stats = ask(client, "/stats\r\n");
  const auto json = nlohmann::json::parse(json_stats.substr(0, json_stats.find("\r\n")));
  CHECK(json["connections_open"] == 2);
  CHECK(json["queries"] == 1);
  CHECK(json["unicode_version"] == std::string(index.unicode_version()));
  CHECK(json["emoji_version"] == std::string(index.emoji_version()));
  CHECK(json["cldr_version"] == std::string(index.cldr_version()));
  client.send("/quit\r\n");
  CHECK(client.closed_by_server());
}

TEST_CASE_FIXTURE(GreetedClient, "server: an unknown command or a bad argument gets a clear error, and the session goes on") {
  CHECK(ask(client, "/bogus\r\n") == "error: unknown command /bogus (/help lists them)\r\n?> ");
  CHECK(ask(client, "/limit x\r\n") == "error: /limit takes a number of results from 0 (no limit) to 1000000\r\n?> ");
  CHECK(ask(client, "/limit 1000001\r\n") ==
        "error: /limit takes a number of results from 0 (no limit) to 1000000\r\n?> ");
  CHECK(ask(client, "/limit 1000000\r\n") ==
        "ok: answers show at most 1000000 results; /more shows the next\r\n?> ");
  CHECK(ask(client, "/format xml\r\n") == "error: /format takes text or json\r\n?> ");
  CHECK(ask(client, "/help me\r\n") == "error: /help takes no argument\r\n?> ");
  CHECK(ask(client, "U+0..U+1000\r\n") == "error: too many code points (at most 4096 in one query)\r\n?> ");
  CHECK(ask(client, "cat face\r\n") == expected_answer("cat face"));
}

TEST_CASE_FIXTURE(GreetedClient, "server: every form of query over the wire, on exact bytes") {
  const auto found = [](int n) { return rule() + " " + std::to_string(n) + " found\r\n?> "; };
  CHECK(ask(client, "\xE2\x82\xAC\r\n") == "U+20AC\t\xE2\x82\xAC\tEURO SIGN\r\n" + found(1));
  CHECK(ask(client, "u+1f600 U+0378\r\n") ==
        "U+1F600\t\xF0\x9F\x98\x80\tGRINNING FACE\r\nU+0378\t\xCD\xB8\t<unassigned>\r\n" + found(2));
  CHECK(ask(client, "U+0000 U+2028\r\n") ==
        "U+0000\t\xE2\x90\x80\tNULL\r\nU+2028\t\xE2\x90\xA4\tLINE SEPARATOR\r\n" + found(2));
  CHECK(ask(client, "nbsp\r\n") == "U+00A0\t\xC2\xA0\tNO-BREAK SPACE\r\n" + found(1));
  CHECK(ask(client, "flag japan\r\n") ==
        "U+1F1EF U+1F1F5\t\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5\tflag: Japan\r\n" + found(1));
  CHECK(ask(client, "smil* cat\r\n") == result_lines("smil* cat", 0, 4) + found(4));
  CHECK(ask(client, "U+2603..U+2600\r\n") == "error: the range U+2603..U+2600 runs backwards\r\n?> ");
  CHECK(ask(client, "cat face\r\n") == command_line_answer(MOJIFINDER_PROGRAM, "cat face"));
}

TEST_CASE_FIXTURE(GreetedClient, "server: client bytes echoed back are escaped for a terminal or for JSON, on exact bytes") {
  // Every white space separates a command from its argument.
  CHECK(ask(client, "/x\vy\r\n") == "error: unknown command /x (/help lists them)\r\n?> ");
  CHECK(ask(client, "/x\xC2\x85y\r\n") == "error: unknown command /x (/help lists them)\r\n?> ");
  CHECK(ask(client, "/x\xE2\x80\xAEy\r\n") == "error: unknown command /x<U+202E>y (/help lists them)\r\n?> ");
  CHECK(ask(client, "/limit\v5\r\n") == "ok: answers show at most 5 results; /more shows the next\r\n?> ");
  CHECK(ask(client, "/limit 1\r\n") == "ok: answers show at most 1 result; /more shows the next\r\n?> ");
  CHECK(ask(client, "/format\xE3\x80\x80json\r\n") == "{\"ok\":\"answers in JSON Lines\"}\r\n?> ");
  CHECK(ask(client, "/x\xE2\x80\xAEy\r\n") == "{\"error\":\"unknown command /x\\u202ey (/help lists them)\"}\r\n?> ");
  CHECK(ask(client, "U+D800\r\n") ==
        "{\"code_points\":[\"U+D800\"],\"characters\":\"\\ufffd\",\"name\":\"<surrogate>\"}\r\n"
        "{\"count\":1}\r\n?> ");
  const auto help = ask(client, "/help\r\n");
  CHECK(nlohmann::json::parse(help.substr(0, help.find("\r\n"))).contains("help"));
}

TEST_CASE("server: a client idle in JSON mode is told so in JSON") {
  TestServer server(with_timeouts(300ms, 0ms));
  TcpClient client("127.0.0.1", server.port());
  client.read_answer();
  CHECK(ask(client, "/format json\r\n") == "{\"ok\":\"answers in JSON Lines\"}\r\n?> ");
  CHECK(client.read_to_end() == "{\"timeout\":\"closing idle connection\"}\r\n");
}
