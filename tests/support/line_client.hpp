// A line client of a Server in this process, over real TCP: what the
// session's tests share.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "mojifinder/answer/answer.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/line/command.hpp"
#include "mojifinder/query/results.hpp"
#include "mojifinder/server/server.hpp"
#include "support/oracles.hpp"
#include "support/tcp_client.hpp"
#include "support/test_server.hpp"

namespace mojifinder::test {

// What the server must send for `query`: every result line, the status
// line and the prompt.
inline std::string expected_answer(std::string_view query) {
  const auto& index = embedded_name_index();
  WordList words;
  words.split(query);
  std::vector<EntryId> scratch;
  std::string out;
  append_answer(out, index, search(index, words, scratch), LineEnd::crlf);
  return out + std::string(prompt);
}

// Sends one line and reads its answer up to the prompt.
inline std::string ask(TcpClient& client, std::string_view line) {
  client.send(line);
  return client.read_answer();
}

// A server and one client that has read its first prompt: what most tests
// of a session begin with.
struct GreetedClient {
  TestServer server;
  TcpClient client{"127.0.0.1", server.port()};
  GreetedClient() { CHECK(client.read_answer() == "?> "); }
};

inline ServerOptions with_timeouts(std::chrono::milliseconds idle, std::chrono::milliseconds write) {
  return ServerOptions{.port = 0, .idle_timeout = idle, .write_timeout = write};
}

}  // namespace mojifinder::test
