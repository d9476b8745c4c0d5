// A session's commands over real TCP sockets, against a Server in this
// process: /help, /limit and /more, /format, /stats, errors, echoes.
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
