// The line protocol as a session carries it: the decoder that splits what
// the client sends into lines, and the conversation that answers them.
// Internal to the server library; a Session<Channel> drives any channel
// with this shape.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "mojifinder/answer.hpp"
#include "mojifinder/conversation.hpp"
#include "mojifinder/input_decoder.hpp"
#include "mojifinder/server.hpp"

namespace mojifinder {

// What a channel has for its session to do next.
enum class ChannelStep {
  need_more,  // nothing whole yet: read more (or end, at end of stream)
  reply,      // a reply has begun: write its pieces
  end,        // the conversation is over: close
};

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
  // On a line of its own, whatever was cut short before it.
  std::string out_of_memory = "\r\n" + error_line("server out of memory, closing");
};
inline const LineNotices line_notices;

class LineChannel {
 public:
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

  // What a client idle past the timeout is told before it is closed.
  std::string_view idle_notice() const noexcept { return conversation_.idle_notice(); }
  static std::string_view request_timeout_notice() noexcept { return {}; }
  // What a connection over --max-connections is told.
  static std::string_view busy_notice() noexcept { return line_notices.busy; }
  // What a connection over --max-connections-per-ip is told.
  static std::string_view too_many_from_address_notice() noexcept { return line_notices.too_many_from_address; }
  // What a client is told when the server runs out of memory for it.
  static std::string_view out_of_memory_notice() noexcept { return line_notices.out_of_memory; }

  ServerCounters& counters() noexcept { return conversation_.counters(); }

 private:
  InputDecoder decoder_;
  Conversation conversation_;
};

}  // namespace mojifinder
