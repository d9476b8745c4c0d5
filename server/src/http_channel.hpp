// HTTP as a session carries it: the conversation that reads requests and
// writes responses. Internal to the server library; see channel.hpp.
#pragma once

#include <string>
#include <string_view>

#include "channel.hpp"
#include "mojifinder/answer/lent_buffer.hpp"
#include "mojifinder/http/http_conversation.hpp"
#include "mojifinder/http/http_message.hpp"
#include "mojifinder/server/server.hpp"

namespace mojifinder {

// A refusal's notice with its Date, lent to the turn that writes it
// (lent_buffer.hpp).
struct DatedNotice {
  using type = std::string;
};

class HttpChannel {
 public:
  static constexpr auto protocol = ServerCounters::http;

  HttpChannel(const NameIndex& index, const ServerOptions&, ServerCounters& counters, ConversationLog* log)
      : conversation_(index, counters, log) {}

  // The client speaks first.
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
  static constexpr bool first_request_timed = true;

  // A keep-alive connection idle past the timeout is closed without a word,
  // as HTTP servers do; one that sends half a request is told 408. Out of
  // memory in the middle of a response, nothing can be added to it.
  static std::string_view refusal_notice(Refusal refusal) noexcept {
    switch (refusal) {
      case Refusal::busy: return http_busy_response;
      case Refusal::per_address: return http_too_many_from_address_response;
      case Refusal::request_timeout: return http_request_timeout_response;
      case Refusal::idle_timeout:
      case Refusal::out_of_memory: break;
    }
    return {};
  }
  // This client's: a 4xx carries Date, as every response of an origin
  // server with a clock must (RFC 9110 6.6.1); 503's may go without, as
  // refusal_notice() has it for a connection turned away unread.
  static std::string_view notice(Refusal refusal) {
    const auto canned = refusal_notice(refusal);
    if (refusal == Refusal::busy || canned.empty()) return canned;
    auto& dated = lent_buffer<DatedNotice>();
    const auto head_end = canned.find("\r\n\r\n") + 2;
    dated.assign(canned.substr(0, head_end));
    dated.append("Date: ").append(http_date_now()).append("\r\n");
    dated.append(canned.substr(head_end));
    return dated;
  }

  // The status each notice answers with.
  static void count(ServerCounters& counters, Refusal refusal) noexcept {
    switch (refusal) {
      case Refusal::busy: counters.count_http_status(503); break;
      case Refusal::per_address: counters.count_http_status(429); break;
      case Refusal::request_timeout: counters.count_http_status(408); break;
      case Refusal::idle_timeout:
      case Refusal::out_of_memory: break;
    }
  }

 private:
  HttpConversation conversation_;
};

}  // namespace mojifinder
