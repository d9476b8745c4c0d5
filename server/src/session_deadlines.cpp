// A session's deadlines: which one its phase sets as it begins to wait,
// and what the passing of each means when the sweeper finds it past.
#include "mojifinder/server/server.hpp"
#include "session.hpp"
#include "socket_io.hpp"

namespace mojifinder {

template <Channel Protocol>
auto Session<Protocol>::within_stop(Ticks deadline) const noexcept -> Ticks {
  if (!stopping()) return deadline;
  const auto grace = late_ ? after(options_.request_timeout) : after(std::chrono::duration_cast<std::chrono::milliseconds>(stop_grace));
  if (grace == 0) return deadline;
  return deadline == 0 ? grace : std::min(deadline, grace);
}

template <Channel Protocol>
void Session<Protocol>::begin_wait() {
  // The request timeout counts from a request's first bytes, or from the
  // opening for a first request; without one, the idle timeout holds.
  if (phase_ == Phase::reading_request) return set_deadline(within_stop(deadline()));
  if (channel_.holding_partial_request() || (Protocol::first_request_timed && phase_ == Phase::opening)) {
    const auto request = after(options_.request_timeout);
    enter(Phase::reading_request,
          within_stop(request != 0 ? request : (options_.idle_timeout.count() > 0
                                                    ? answer_ended_ + ticks(options_.idle_timeout)
                                                    : 0)));
    return;
  }
  // Idle time counts from the end of the last answer, not from the line
  // that asked it.
  enter(Phase::waiting,
        within_stop(options_.idle_timeout.count() > 0 ? answer_ended_ + ticks(options_.idle_timeout) : 0));
}

template <Channel Protocol>
void Session<Protocol>::refuse(Refusal refusal) {
  const auto notice = channel_.notice(refusal);
  std::error_code ignored;
  if (!notice.empty()) socket_.write_some(asio::buffer(notice), ignored);
  count_refusal<Protocol>(counters_, refusal);
  // Bytes of an unfinished line left unread would turn the close into a
  // reset, which can throw the notice away before the client reads it.
  discard_input(socket_);
  close();  // a pending wait ends with an error, and the session with it
}

template <Channel Protocol>
void Session<Protocol>::enforce_deadline() {
  const auto due = deadline();
  if (due == 0 || now() <= due) return;  // met or moved meanwhile
  if (phase_ == Phase::answering) return give_up_unread();  // the client left the socket full
  // The other deadlines end a wait, and only while the session really
  // waits: between a phase's beginning and its wait, it is busy here.
  if (wait_ == Wait::none) return;
  if (stopping()) return close();  // nothing came in the grace: the wait ends, and the session with it
  switch (phase_) {
    case Phase::proxy_header:
      // Not a balancer, or a broken one. Nothing is said, as to anyone
      // who does not speak first.
      counters_.count_error(ServerCounters::proxy_header);
      if (logging(LogLevel::warning)) log("Refused ", ": no PROXY header in time, closing.");
      return close();
    case Phase::reading_request:
      if (options_.request_timeout.count() > 0 && !channel_.holding_partial_request()) {
        // A new connection that has sent nothing: closed without a word,
        // as nginx does, so that silent sockets do not hold their slots.
        counters_.count_error(ServerCounters::request_timeout);
        if (logging(LogLevel::info)) log("Silent ", ": no request in time, closing.");
        return close();
      }
      if (options_.request_timeout.count() > 0) {
        // A client too slow to send a whole request (one byte at a time,
        // to hold a connection open): told so where its protocol can.
        if (logging(LogLevel::info)) log("Slow ", ": request not whole in time, closing.");
        return refuse(Refusal::request_timeout);
      }
      [[fallthrough]];
    case Phase::waiting:
      // The end of an answer may still be in the kernel, on its way to a
      // client that reads slowly: that client is not idle, and its idle
      // time counts from when it has taken everything.
      if (!answer_in_kernel(socket_)) {
        if (restart_idle_from_last_acknowledgement()) return begin_wait();
        if (logging(LogLevel::info)) log("Idle ", ": timed out.");
        return refuse(Refusal::idle_timeout);
      }
      enter(Phase::draining, now());  // looked at again each sweep
      [[fallthrough]];
    case Phase::draining:
      if (!answer_in_kernel(socket_)) {
        answer_ended_ = now();
        idle_restarted_ = false;
        return begin_wait();
      }
      if (options_.write_timeout.count() > 0 && now() - answer_ended_ > ticks(options_.write_timeout)) {
        give_up_unread();
      }
      return;
    case Phase::opening:
    case Phase::answering:
    case Phase::lingering:
    case Phase::closed:
      return;
  }
}

template <Channel Protocol>
bool Session<Protocol>::restart_idle_from_last_acknowledgement() noexcept {
  // The kernel can have handed the whole answer over while the client's
  // reader still takes it from its own buffer, and its kernel acknowledges
  // the room it makes as it goes: the client has everything only about
  // then. Once an answer, so that keepalive probes (acknowledged too)
  // stretch an idle connection's time at most twice.
  if (idle_restarted_) return false;
  const auto since = since_last_acknowledgement(socket_);
  if (!since) return false;
  const auto acknowledged = now() - ticks(*since);
  if (acknowledged <= answer_ended_) return false;
  answer_ended_ = acknowledged;
  idle_restarted_ = true;
  return true;
}

template <Channel Protocol>
void Session<Protocol>::give_up_unread() {
  counters_.count_error(ServerCounters::write_timeout);
  if (logging(LogLevel::info)) log("Unread ", ": answer left unread, closing.");
  close();  // a pending write ends with an error, and its buffer is freed
}

template auto Session<LineChannel>::within_stop(Ticks) const noexcept -> Ticks;
template void Session<LineChannel>::begin_wait();
template void Session<LineChannel>::refuse(Refusal);
template void Session<LineChannel>::enforce_deadline();
template bool Session<LineChannel>::restart_idle_from_last_acknowledgement() noexcept;
template void Session<LineChannel>::give_up_unread();
template auto Session<HttpChannel>::within_stop(Ticks) const noexcept -> Ticks;
template void Session<HttpChannel>::begin_wait();
template void Session<HttpChannel>::refuse(Refusal);
template void Session<HttpChannel>::enforce_deadline();
template bool Session<HttpChannel>::restart_idle_from_last_acknowledgement() noexcept;
template void Session<HttpChannel>::give_up_unread();

}  // namespace mojifinder
