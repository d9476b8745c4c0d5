// mojifinder-misbehaving-clients: the clients a public line server meets
// (and with --http-port, those of its HTTP port: misbehaving_http.cpp),
// for a bounded time, each checking that the server answers it as it
// should: a line over the limit, bytes that are not UTF-8, control
// characters, telnet noise, random bytes, a query sent a byte at a time,
// thousands of queries pipelined, a half-close, a reset in the middle of a
// long answer, a connection dropped at once, one that never reads its
// answer (closed by the write timeout) and one that stays silent (closed by
// the idle timeout); hostile queries: floods of repeated and overlapping
// prefixes, read or left unread, odd white space and C1 and bidirectional
// controls in commands. scripts/soak runs them beside well-behaved load.
//
// Prints how often each behaviour ran and how often the server did not
// answer it as expected; exits 1 when that happened at all.
#include <CLI/CLI.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "misbehaviour.hpp"
#include "mojifinder/answer/answer.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/query/results.hpp"
#include "mojifinder/server/descriptor_limit.hpp"
#include "support/oracles.hpp"
#include "support/tcp_client.hpp"

namespace {

using namespace std::literals;
using mojifinder::test::prompt;
using mojifinder::test::TcpClient;
using Clock = std::chrono::steady_clock;
using mojifinder::soak::Behaviour;
using mojifinder::soak::Options;
using mojifinder::soak::seconds;


// What the server sends for `query` after the prompt.
std::string answer_to(std::string_view query) {
  const auto& index = mojifinder::embedded_name_index();
  mojifinder::WordList words;
  words.split(query);
  std::vector<mojifinder::EntryId> scratch;
  std::string out;
  mojifinder::append_answer(out, index, search(index, words, scratch), mojifinder::LineEnd::crlf);
  return out + std::string(prompt);
}

// What the server sends for a query of the whole query language.
std::string full_answer_to(std::string_view query) {
  const auto& index = mojifinder::embedded_name_index();
  std::string error;
  const auto results = mojifinder::find_all(index, query, error);
  std::string out;
  mojifinder::append_answer(out, index, results, mojifinder::LineEnd::crlf);
  return out + std::string(prompt);
}


std::unique_ptr<TcpClient> greeted(const Options& options) {
  auto client = std::make_unique<TcpClient>(options.host, options.port);
  if (client->read_exactly(prompt.size()) != prompt) throw std::runtime_error("no prompt");
  return client;
}

bool answered_with(const Options& options, std::string_view line, const std::string& expected) {
  auto client = greeted(options);
  client->send(line);
  return client->read_exactly(expected.size()) == expected;
}

std::vector<Behaviour> behaviours(const Options& options) {
  const std::string cat_face = answer_to("cat face");
  const std::string cjk = answer_to("cjk");
  const std::string too_long = "error: line too long (limit " + std::to_string(options.max_line) + " bytes)\r\n?> ";
  // As many `c* ` as the line limit takes: the costliest prefix, repeated.
  std::string prefix_flood;
  while (prefix_flood.size() + 3 <= options.max_line) prefix_flood += "c* ";
  const std::string every_c = full_answer_to("c*");
  const std::string overlapping = "c* ca* cat* l* la* s* si*";
  return {
      {"line over the limit",
       [=](const Options& o, std::mt19937& random) {
         // Just over, or far over, then a query that must still be answered.
         const auto length = random() % 2 == 0 ? o.max_line + 1 : o.max_line * 50;
         return answered_with(o, std::string(length, 'x') + "\r\ncat face\r\n", too_long + cat_face);
       }},
      {"not UTF-8",
       [=](const Options& o, std::mt19937&) {
         return answered_with(o, "caf\xE9\r\ncat face\r\n", "error: query is not valid UTF-8\r\n?> " + cat_face);
       }},
      {"control character",
       [=](const Options& o, std::mt19937&) {
         return answered_with(o, "cat \x1B[31mface\r\ncat face\r\n",
                              "error: query contains a control character (U+001B)\r\n?> " + cat_face);
       }},
      {"telnet negotiation",
       [=](const Options& o, std::mt19937&) {
         return answered_with(o, "\xFF\xFD\x01\xFF\xFB\x03" "cat\xFF\xFA\x18\x01\xFF\xF0 face\r\n", cat_face);
       }},
      {"random bytes",
       [](const Options& o, std::mt19937& random) {
         // Anything may come back; the server must answer or close, and
         // still answer another client (the next behaviour).
         auto client = greeted(o);
         std::string line(1 + random() % 200, '\0');
         for (auto& c : line) c = static_cast<char>(random());
         client->send(line + "\r\n");
         client->shutdown_write();  // so that the server closes once it has answered
         client->read_to_end(10s);
         return true;
       }},
      {"a byte at a time",
       [=](const Options& o, std::mt19937&) {
         auto client = greeted(o);
         for (const char c : "cat face\r\n"sv) {
           client->send(std::string_view(&c, 1));
           std::this_thread::sleep_for(20ms);
         }
         return client->read_exactly(cat_face.size()) == cat_face;
       }},
      {"2,000 queries pipelined",
       [=](const Options& o, std::mt19937&) {
         auto client = greeted(o);
         std::string lines;
         for (int i = 0; i < 2000; ++i) lines += "cat face\r\n";
         client->send(lines);
         for (int i = 0; i < 2000; ++i) {
           if (client->read_exactly(cat_face.size()) != cat_face) return false;
         }
         return true;
       }},
      {"half-close",
       [=](const Options& o, std::mt19937&) {
         auto client = greeted(o);
         client->send("cat face\r\n");
         client->shutdown_write();
         return client->read_to_end(10s) == cat_face;
       }},
      {"reset mid-answer",
       [=](const Options& o, std::mt19937& random) {
         auto client = greeted(o);
         client->set_small_receive_buffer();
         client->send("cjk\r\n");
         const auto first = client->read_exactly(1000 + random() % 100000);
         client->reset();
         return cjk.starts_with(first);
       }},
      {"drop at once",
       [](const Options& o, std::mt19937&) {
         TcpClient client(o.host, o.port);
         return true;
       }},
      {"never reads",
       [=](const Options& o, std::mt19937&) {
         // The default receive buffer: a tiny one would make the kernel
         // space out its window probes by seconds once the server closes.
         auto client = greeted(o);
         client->send("cjk\r\n");
         std::this_thread::sleep_for(seconds(o.write_timeout) + 2s);
         // Closed by now: what is read ends, short of the whole answer.
         const auto received = client->read_to_end(5s);
         return received.size() < 3'000'000;
       }},
      {"prefix flood",
       [=](const Options& o, std::mt19937&) {
         return answered_with(o, prefix_flood + "\r\ncat face\r\n", every_c + cat_face);
       }},
      {"prefixes never read",
       [=](const Options& o, std::mt19937& random) {
         auto client = greeted(o);
         client->send((random() % 2 == 0 ? prefix_flood : overlapping) + "\r\n");
         std::this_thread::sleep_for(seconds(o.write_timeout) + 2s);
         const auto received = client->read_to_end(5s);
         return received.size() < every_c.size();
       }},
      {"odd white space",
       [=](const Options& o, std::mt19937&) {
         return answered_with(o,
                              "/limit\v0\r\n/format\xE3\x80\x80text\r\ncat\xE2\x80\xA8\x1C"
                              "face\r\n/x\x0C\xC2\x85y\r\n",
                              "ok: answers show every result\r\n?> ok: answers in text\r\n?> " + cat_face +
                                  "error: unknown command /x (/help lists them)\r\n?> ");
       }},
      {"C1 and bidi in commands",
       [=](const Options& o, std::mt19937&) {
         return answered_with(o,
                              "/x\xE2\x80\xAE\xC2\x9By\r\n/format json\r\n/\xE2\x81\xA6z\r\n",
                              "error: query contains a control character (U+009B)\r\n?> "
                              "{\"ok\":\"answers in JSON Lines\"}\r\n?> "
                              "{\"error\":\"unknown command /\\u2066z (/help lists them)\"}\r\n?> ");
       }},
      {"stays silent",
       [=](const Options& o, std::mt19937&) {
         auto client = greeted(o);
         const auto received = client->read_to_end(seconds(o.idle_timeout) + 5s);
         return received == "timeout: closing idle connection\r\n";
       }},
  };
}

struct Tally {
  std::atomic<std::uint64_t> episodes{0};
  std::atomic<std::uint64_t> unexpected{0};
  std::mutex mutex;
  std::string first_failure;
};

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app("Clients that misbehave in every way a public line server meets, each checking the answer it gets");
  app.add_option("--host", options.host, "Server address (an IPv4 or IPv6 literal)")->capture_default_str();
  app.add_option("--port", options.port, "Server port")->capture_default_str();
  app.add_option("-c,--clients", options.clients, "Clients misbehaving at once")->capture_default_str()->check(CLI::Range(1u, 1000u));
  app.add_option("-d,--duration", options.duration, "Seconds to run")->capture_default_str()->check(CLI::Range(1.0, 86400.0));
  app.add_option("--max-line", options.max_line, "The server's --max-line")->capture_default_str();
  app.add_option("--idle-timeout", options.idle_timeout, "The server's --idle-timeout")->capture_default_str();
  app.add_option("--write-timeout", options.write_timeout, "The server's --write-timeout")->capture_default_str();
  app.add_option("--http-port", options.http_port, "The server's HTTP port: its misbehaviours join the line port's")
      ->check(CLI::Range(1, 65535));
  app.add_option("--request-timeout", options.request_timeout, "The server's --request-timeout")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  mojifinder::raise_descriptor_limit();

  auto kinds = behaviours(options);
  if (options.http_port != 0) {
    auto http = mojifinder::soak::http_behaviours(options);
    kinds.insert(kinds.end(), std::make_move_iterator(http.begin()), std::make_move_iterator(http.end()));
  }
  std::vector<Tally> tallies(kinds.size());
  // Behaviours that began before the deadline finish; none begins after.
  const auto deadline = Clock::now() + std::chrono::milliseconds(static_cast<long long>(options.duration * 1000));
  std::vector<std::thread> threads;
  // Turns are taken in order from all the clients, so that every kind
  // comes round however long some take.
  std::atomic<std::size_t> next_turn{0};
  for (unsigned i = 0; i < options.clients; ++i) {
    threads.emplace_back([&, i] {
      std::mt19937 random(i);
      while (Clock::now() < deadline) {
        const auto which = next_turn++ % kinds.size();
        auto& tally = tallies[which];
        ++tally.episodes;
        std::string failure;
        try {
          if (!kinds[which].run(options, random)) failure = "an answer other than expected";
        } catch (const std::exception& e) {
          failure = e.what();
        }
        if (!failure.empty()) {
          ++tally.unexpected;
          std::lock_guard lock(tally.mutex);
          if (tally.first_failure.empty()) tally.first_failure = failure;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();

  std::uint64_t unexpected = 0;
  std::printf("%-30s %9s %11s\n", "misbehaviour", "episodes", "unexpected");
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    std::printf("%-30s %9llu %11llu%s%s\n", kinds[k].name.c_str(),
                static_cast<unsigned long long>(tallies[k].episodes.load()),
                static_cast<unsigned long long>(tallies[k].unexpected.load()),
                tallies[k].first_failure.empty() ? "" : "  first: ", tallies[k].first_failure.c_str());
    unexpected += tallies[k].unexpected;
  }
  return unexpected == 0 ? 0 : 1;
}
