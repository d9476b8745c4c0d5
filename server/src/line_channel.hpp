// The line protocol as a session carries it: the decoder that splits what
// the client sends into lines, and the conversation that answers them.
// Internal to the server library; a Session drives any Channel
// (channel.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "channel.hpp"
#include "mojifinder/answer/answer.hpp"
#include "mojifinder/line/conversation.hpp"
#include "mojifinder/line/input_decoder.hpp"
#include "mojifinder/server/server.hpp"

namespace mojifinder {

// Buffers a session keeps between queries are given back when they have
// grown past this, so that an idle connection costs little whatever it
// asked before.
inline constexpr std::size_t idle_buffer_bytes = 1024;

// What the line protocol tells a client it turns away, as error lines.
// Made before the server serves anyone: the one for running out of memory
// must not need any.
struct LineNotices {
  std::string busy = error_line("server busy, try again later");
  std::string too_many_from_address = error_line("too many connections from your address");
  std::string out_of_memory = "\r\n" + error_line("server out of memory, closing");
};
inline const LineNotices line_notices;

class LineChannel {
 public:
  static constexpr auto protocol = ServerCounters::line;

  LineChannel(const NameIndex& index, const ServerOptions& options, ServerCounters& counters, ConversationLog* log)
      : decoder_(options.max_line_bytes), conversation_(index, counters, log) {}

  // Sent as soon as the client connects.
  static std::string_view greeting() noexcept { return prompt; }

  void push(std::string_view bytes) { decoder_.push(bytes); }

  // Begins the reply to the next line, if a whole one has come (or, at
  // the end of the stream, to what is left).
  ChannelStep next(bool at_end_of_stream) {
    const auto input = at_end_of_stream ? decoder_.finish() : decoder_.next();
    if (input.kind == InputDecoder::Kind::end) return ChannelStep::end;
    if (input.kind == InputDecoder::Kind::need_more) return ChannelStep::need_more;
    return conversation_.begin_reply(input) ? ChannelStep::reply : ChannelStep::end;
  }

  bool next_piece(AnswerPiece& piece) { return conversation_.next_piece(piece); }

  // After the last piece; false when the connection is to close now.
  bool end_reply() {
    conversation_.end_reply();
    decoder_.release_spare_capacity(idle_buffer_bytes);
    return true;
  }

  // The line protocol never holds half a request for long: a line is
  // answered when whole, and a long one is dropped as it comes.
  static bool holding_partial_request() noexcept { return false; }
  static constexpr bool first_request_timed = false;

  static std::string_view refusal_notice(Refusal refusal) noexcept {
    switch (refusal) {
      case Refusal::busy: return line_notices.busy;
      case Refusal::per_address: return line_notices.too_many_from_address;
      // On a line of its own, whatever was cut short before it.
      case Refusal::out_of_memory: return line_notices.out_of_memory;
      case Refusal::request_timeout:  // never: it holds no partial request
      case Refusal::idle_timeout: break;
    }
    return {};
  }
  std::string_view notice(Refusal refusal) const noexcept {
    return refusal == Refusal::idle_timeout ? conversation_.idle_notice() : refusal_notice(refusal);
  }
  static void count(ServerCounters&, Refusal) noexcept {}

 private:
  InputDecoder decoder_;
  Conversation conversation_;
};

}  // namespace mojifinder
