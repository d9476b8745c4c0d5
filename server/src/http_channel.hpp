// HTTP as a session carries it: the conversation that reads requests and
// writes responses. Internal to the server library; see line_channel.hpp.
#pragma once

#include <string_view>

#include "line_channel.hpp"
#include "mojifinder/http_conversation.hpp"
#include "mojifinder/server.hpp"

namespace mojifinder {

class HttpChannel {
 public:
  HttpChannel(const NameIndex& index, const ServerOptions&, ServerCounters& counters, ConversationLog* log)
      : conversation_(index, counters, log) {}

  static std::string_view greeting() noexcept { return {}; }

  void push(std::string_view bytes) { conversation_.push(bytes); }

  ChannelStep next(bool at_end_of_stream) {
    switch (conversation_.next(at_end_of_stream)) {
      case HttpConversation::Step::need_more: return ChannelStep::need_more;
      case HttpConversation::Step::reply: return ChannelStep::reply;
      case HttpConversation::Step::end: break;
    }
    return ChannelStep::end;
  }

  bool next_piece(AnswerPiece& piece) { return conversation_.next_piece(piece); }
  bool end_reply() { return conversation_.end_reply(); }

  bool holding_partial_request() const noexcept { return conversation_.holding_partial_request(); }

  // A keep-alive connection idle past the timeout is closed without a word,
  // as HTTP servers do; one that sends half a request is told 408.
  static std::string_view idle_notice() noexcept { return {}; }
  static std::string_view request_timeout_notice() noexcept { return http_request_timeout_response; }
  static std::string_view busy_notice() noexcept { return http_busy_response; }
  static std::string_view too_many_from_address_notice() noexcept { return http_too_many_from_address_response; }
  // Out of memory in the middle of a response: nothing can be added to it.
  static std::string_view out_of_memory_notice() noexcept { return {}; }

  ServerCounters& counters() noexcept { return conversation_.counters(); }

 private:
  HttpConversation conversation_;
};

}  // namespace mojifinder
