// An HTTP client of a conversation, without sockets: it sends bytes,
// reads back every response with its Date checked and taken out, and
// keeps the conversation's log.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "mojifinder/embedded_index.hpp"
#include "mojifinder/http/http_conversation.hpp"
#include "support/http_response.hpp"

namespace mojifinder::test {

class Client : private ConversationLog {
 public:
  Client() : Client(embedded_name_index()) {}
  explicit Client(const NameIndex& index) : conversation_(index, counters_, this) {}

  // Sends `bytes` and returns every byte answered until the conversation
  // needs more (or ends: closed() says so).
  std::string send(std::string_view bytes, bool at_end = false) {
    conversation_.push(bytes);
    std::string out;
    std::size_t replies = 0;
    while (!closed_) {
      const auto step = conversation_.next(at_end);
      if (step == HttpConversation::Step::need_more) break;
      if (step == HttpConversation::Step::end) {
        closed_ = true;
        break;
      }
      ++replies;
      AnswerPiece piece;
      for (bool last = false; !last;) {
        last = conversation_.next_piece(piece);
        std::size_t size = 0;
        for (const auto part : piece.parts) size += part.size();
        largest_piece_ = std::max(largest_piece_, size);
        for (const auto part : piece.parts) out += part;
      }
      if (!conversation_.end_reply()) closed_ = true;
    }
    // Every response ends its head with a Date, taken out here so that the
    // rest compares byte for byte.
    CHECK(take_dates(out) == replies);
    return out;
  }

  // The one response to a GET of `target`.
  HttpResponse get(std::string_view target, std::string_view headers = {}) {
    auto bytes = send("GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(headers) + "\r\n");
    auto response = take_response(bytes);
    REQUIRE(response.has_value());
    CHECK(bytes.empty());
    return *response;
  }

  bool closed() const { return closed_; }
  ServerCounters& counters() { return counters_; }
  std::size_t largest_piece() const { return largest_piece_; }
  const std::vector<std::string>& log() const { return log_; }

 private:
  void heard(std::string_view what) override { log_.push_back("heard " + std::string(what)); }
  void answered(std::string_view what) override { log_.push_back("answered " + std::string(what)); }

  ServerCounters counters_;
  HttpConversation conversation_;
  bool closed_ = false;
  std::size_t largest_piece_ = 0;
  std::vector<std::string> log_;
};

}  // namespace mojifinder::test
