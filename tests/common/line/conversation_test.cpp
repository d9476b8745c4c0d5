// The line protocol's conversation, driven without sockets: exact bytes for
// what a hostile client sends, and properties over random lines.
#include "mojifinder/line/conversation.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "mojifinder/embedded_index.hpp"
#include "mojifinder/index/render.hpp"
#include "support/reply_checks.hpp"
#include "support/session.hpp"

using namespace mojifinder;
using namespace mojifinder::test;

namespace {

class Talk : private ConversationLog {
 public:
  std::string say(std::string_view line) { return session_.say(line); }
  AnswerFormat format() const { return session_.conversation().format(); }
  const std::vector<std::string>& log() const { return log_; }

 private:
  void heard(std::string_view what) override { log_.push_back(" From peer: " + std::string(what)); }
  void answered(std::string_view what) override { log_.push_back("   To peer: " + std::string(what)); }

  std::vector<std::string> log_;
  test::Session session_{embedded_name_index(), this};
};

}  // namespace

TEST_CASE("conversation: commands split at every white space a query splits at") {
  Talk talk;
  CHECK(talk.say("/limit\v5") == "ok: answers show at most 5 results; /more shows the next\r\n?> ");
  CHECK(talk.say("/limit\u30001") == "ok: answers show at most 1 result; /more shows the next\r\n?> ");
  CHECK(talk.say("/limit \x1C\f 0") == "ok: answers show every result\r\n?> ");
  CHECK(talk.say("/format\u3000json") == "{\"ok\":\"answers in JSON Lines\"}\r\n?> ");
  CHECK(talk.say("/format\u2028text") == "ok: answers in text\r\n?> ");
  // The command word ends at white space: what follows is its argument.
  CHECK(talk.say("/x\vy") == "error: unknown command /x (/help lists them)\r\n?> ");
  CHECK(talk.say("/x\u0085y") == "error: unknown command /x (/help lists them)\r\n?> ");
  CHECK(talk.say("/help\u00A0now") == "error: /help takes no argument\r\n?> ");
}

TEST_CASE("conversation: client text echoed in an error is escaped for a terminal, and for JSON") {
  Talk talk;
  CHECK(talk.say("/x\u202Ey") == "error: unknown command /x<U+202E>y (/help lists them)\r\n?> ");
  CHECK(talk.say("/x\u200Fy\u2066") == "error: unknown command /x<U+200F>y<U+2066> (/help lists them)\r\n?> ");
  CHECK(talk.say("/\"quoted\"\\") == "error: unknown command /\"quoted\"\\ (/help lists them)\r\n?> ");
  talk.say("/format json");
  CHECK(talk.say("/x\u202Ey") == "{\"error\":\"unknown command /x\\u202ey (/help lists them)\"}\r\n?> ");
  CHECK(talk.say("/\"quoted\"\\") == "{\"error\":\"unknown command /\\\"quoted\\\"\\\\ (/help lists them)\"}\r\n?> ");
}

TEST_CASE("conversation: a surrogate in JSON is U+FFFD, never a lone \\ud800") {
  Talk talk;
  talk.say("/format json");
  CHECK(talk.say("U+D800") ==
        "{\"code_points\":[\"U+D800\"],\"characters\":\"\\ufffd\",\"name\":\"<surrogate>\"}\r\n{\"count\":1}\r\n?> ");
  CHECK(check_reply(talk.say("U+D7FF..U+E000"), AnswerFormat::json).empty());
  // Controls and bidirectional controls are escaped in JSON too.
  CHECK(talk.say("U+202E") ==
        "{\"code_points\":[\"U+202E\"],\"characters\":\"\\u202e\",\"name\":\"RIGHT-TO-LEFT OVERRIDE\"}\r\n"
        "{\"count\":1}\r\n?> ");
}

TEST_CASE("conversation: every bidirectional control is shown by a stand-in in text") {
  Talk talk;
  for (const char32_t cp : {0x061C, 0x200E, 0x200F, 0x202A, 0x202E, 0x2066, 0x2069}) {
    std::string query;
    append_code_point_label(query, cp);
    const auto reply = talk.say(query);
    CAPTURE(reply);
    CHECK(reply.find("\t\uFFFD\t") != std::string::npos);
    CHECK(check_reply(reply, AnswerFormat::text).empty());
  }
}

TEST_CASE("conversation: the log escapes C1, bidi controls, separators and bytes that are not UTF-8") {
  Talk talk;
  talk.say("cat\u0085 \u202E\u2028\u009B[31m");
  talk.say("caf\xC3\xA9 \xFF\xFE");
  talk.say("/x\u202E");
  REQUIRE(talk.log().size() >= 5);
  CHECK(talk.log()[0] == " From peer: 'cat\\x85 \\u202e\\u2028\\x9b[31m'");
  CHECK(talk.log()[2] == " From peer: 'caf\xC3\xA9 \\udcff\\udcfe'");
  CHECK(talk.log()[4] == " From peer: '/x\\u202e'");
  CHECK(talk.log()[5] == "   To peer: error: unknown command /x\\u202e (/help lists them)");
}

TEST_CASE("conversation: /help, the idle notice and every reply are JSON objects in JSON mode") {
  Talk talk;
  talk.say("/format json");
  const auto help = talk.say("/help");
  CHECK(help.starts_with("{\"help\":[\"Type words to find every character"));
  CHECK(check_reply(help, AnswerFormat::json).empty());
  CHECK(nlohmann::json::parse(help.substr(0, help.size() - prompt.size()))["help"].size() ==
        static_cast<std::size_t>(std::count(help_text().begin(), help_text().end(), '\n')));
  CHECK(check_reply(talk.say("/stats"), AnswerFormat::json).empty());
  CHECK(check_reply(talk.say("/limit 2"), AnswerFormat::json).empty());
}

TEST_CASE("conversation: a line that gets an error leaves /more where it was") {
  Talk talk;
  talk.say("/limit 2");
  const auto first = talk.say("cat face");
  CHECK(first.ends_with(" 10 found, 1 to 2 shown\r\n?> "));
  // Errors of every kind: a malformed query, a command, a control
  // character, bytes that are not UTF-8.
  CHECK(talk.say("U+XYZ").starts_with("error: "));
  CHECK(talk.say("/nope").starts_with("error: "));
  CHECK(talk.say("cat\x01").starts_with("error: "));
  CHECK(talk.say("cat\xFF").starts_with("error: "));
  CHECK(talk.say("/more").ends_with(" 10 found, 3 to 4 shown\r\n?> "));
  // A query answered starts over.
  talk.say("dollar sign");
  CHECK(talk.say("/more").ends_with(" found, 3 to 4 shown\r\n?> "));
}

namespace {

// A random line of what hostile clients send: words, prefixes, commands,
// code points, every control, bidi controls, separators, characters beyond
// ASCII and bytes that are not UTF-8. Never an LF: the decoder ends lines
// there.
std::string random_line(std::mt19937& random) {
  static const std::vector<std::string> pieces = {
      "cat", "face", "c*", "smil*", "sign", "/x", "/limit", "/format", "/more", "/help", "/stats", "json", "text",
      "2", "U+41", "U+D800", "U+202E..U+2030", "U+0..U+20", "..", "*", "\"", "\\", "'", "-", " ", " ", "\t",
      "\u0085", "\u00A0", "\u2028", "\u2029", "\u3000", "\u061C", "\u200E", "\u200F", "\u202A", "\u202D", "\u202E",
      "\u2066", "\u2069", "\u009B", "\u0080", "\u009F", "\u00E9", "\U0001F600", "\u200D", "\uFEFF", "\xFF", "\xC0\x80",
      "\xED\xA0\x80", "\xE2\x80", "\x7F"};
  std::string line;
  const auto count = std::uniform_int_distribution<int>(0, 8)(random);
  for (int i = 0; i < count; ++i) {
    const auto pick = std::uniform_int_distribution<std::size_t>(0, pieces.size() + 31)(random);
    if (pick < pieces.size()) {
      line += pieces[pick];
    } else {
      const auto c = static_cast<char>(pick - pieces.size());  // a C0 control, LF excepted
      line += c == '\n' ? ' ' : c;
    }
  }
  return line;
}

}  // namespace

TEST_CASE("conversation: over random lines, every JSON line parses strictly, and no text or log line holds a control") {
  std::mt19937 random(20261127);
  std::size_t replies = 0, ended = 0;
  const auto check_log = [](const Talk& talk) {
    for (const auto& logged : talk.log()) {
      const auto broken = check_log_line(logged);
      CHECK_MESSAGE(broken.empty(), broken);
    }
  };
  for (int session = 0; session < 40; ++session) {
    auto talk = std::make_unique<Talk>();
    if (session % 2 == 1) talk->say("/format json");
    for (int i = 0; i < 250; ++i) {
      const auto line = random_line(random);
      const auto format = talk->format();
      const auto reply = talk->say(line);
      if (reply == "<end>") {  // a line that starts with a control: a new client
        ++ended;
        check_log(*talk);
        talk = std::make_unique<Talk>();
        if (session % 2 == 1) talk->say("/format json");
        continue;
      }
      CAPTURE(line);
      const auto broken = check_reply(reply, format);
      CHECK_MESSAGE(broken.empty(), broken);
      ++replies;
    }
    check_log(*talk);
  }
  CHECK(replies > 5000);
  CHECK(ended > 100);
}
