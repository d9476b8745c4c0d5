// What a session needs of the protocol it carries: a channel takes the
// client's bytes, says what to do next, hands out the pieces of each reply,
// and knows what its clients are told, and how it counts, when the server
// turns one away. The line protocol's is LineChannel, HTTP's HttpChannel.
// Internal to the server library.
#pragma once

#include <concepts>
#include <string_view>

#include "mojifinder/answer/answer_stream.hpp"
#include "mojifinder/front_end/server_counters.hpp"

namespace mojifinder {

// What a channel has for its session to do next.
enum class ChannelStep {
  need_more,  // nothing whole yet: read more (or end, at end of stream)
  reply,      // a reply has begun: write its pieces
  end,        // the conversation is over: close
};

// Why a server closes a connection it has not been asked to close.
enum class Refusal {
  busy,             // over --max-connections
  per_address,      // over --max-connections-per-ip
  request_timeout,  // part of a request, and not the whole of it in time
  idle_timeout,     // nothing asked for too long
  out_of_memory,    // the server could not hold what the client asked for
};

template <typename C>
concept Channel = requires(C channel, const C& held, std::string_view bytes, bool at_end, AnswerPiece& piece,
                           Refusal refusal, ServerCounters& counters) {
  // The protocol, as the counters know it.
  { C::protocol } -> std::convertible_to<ServerCounters::Protocol>;
  // Sent as soon as the client connects (may be empty).
  { C::greeting() } -> std::convertible_to<std::string_view>;
  // Bytes the client sent; then what to do next (at_end: it sends no more).
  channel.push(bytes);
  { channel.next(at_end) } -> std::same_as<ChannelStep>;
  // The next piece of the reply begun; true for its last.
  { channel.next_piece(piece) } -> std::same_as<bool>;
  // After the last piece: false when the connection is to close now.
  { channel.end_reply() } -> std::same_as<bool>;
  // Part of a request has come, and not the whole of it yet.
  { held.holding_partial_request() } -> std::same_as<bool>;
  // Whether a new connection's first request must come whole within the
  // request timeout (HTTP, as nginx's client_header_timeout), or may take
  // as long as the idle timeout lets it (a person typing a line).
  { C::first_request_timed } -> std::convertible_to<bool>;
  // What a client turned away is told before the close (may be empty):
  // any client of the protocol, and this one (the line protocol's idle
  // notice follows the format the client chose).
  { C::refusal_notice(refusal) } -> std::convertible_to<std::string_view>;
  { held.notice(refusal) } -> std::convertible_to<std::string_view>;
  // What the protocol counts of a refusal beyond the error itself (HTTP:
  // the status it answered).
  C::count(counters, refusal);
};

// Counts a refusal: the error every protocol counts, then the protocol's
// own figures.
template <Channel C>
void count_refusal(ServerCounters& counters, Refusal refusal) noexcept {
  switch (refusal) {
    case Refusal::busy: counters.count_error(ServerCounters::busy); break;
    case Refusal::per_address: counters.count_error(ServerCounters::per_address); break;
    case Refusal::request_timeout: counters.count_error(ServerCounters::request_timeout); break;
    case Refusal::idle_timeout: counters.count_error(ServerCounters::idle_timeout); break;
    case Refusal::out_of_memory: break;
  }
  C::count(counters, refusal);
}

}  // namespace mojifinder
