// A line-protocol conversation driven without sockets: the whole reply to
// each line, as a client would read it.
#pragma once

#include <string>
#include <string_view>

#include "mojifinder/embedded_index.hpp"
#include "mojifinder/line/conversation.hpp"

namespace mojifinder::test {

class Session {
 public:
  explicit Session(const NameIndex& index = embedded_name_index(), ConversationLog* log = nullptr)
      : conversation_(index, counters_, log) {}

  // The whole reply to `line`, or "<end>" when the conversation ends.
  std::string say(std::string_view line) { return reply_to({InputDecoder::Kind::line, line}); }
  // The same for any input the decoder gives (a line over the limit).
  std::string reply_to(const InputDecoder::Input& input) {
    if (!conversation_.begin_reply(input)) return "<end>";
    std::string reply;
    AnswerPiece piece;
    for (bool last = false; !last;) {
      last = conversation_.next_piece(piece);
      for (const auto part : piece.parts) reply += part;
    }
    conversation_.end_reply();
    return reply;
  }

  const Conversation& conversation() const noexcept { return conversation_; }
  const ServerCounters& counters() const noexcept { return counters_; }

 private:
  ServerCounters counters_;
  Conversation conversation_;
};

}  // namespace mojifinder::test
