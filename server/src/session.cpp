#include "session.hpp"

#include <asio/error.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include <array>
#include <new>
#include <utility>

#include "bulk_turns.hpp"
#include "mojifinder/server/server.hpp"
#include "mojifinder/text/escape.hpp"

namespace mojifinder {

namespace {

using asio::use_awaitable;
constexpr auto as_tuple_awaitable = asio::experimental::as_tuple(asio::use_awaitable);

// The piece being gathered and written: lent to the turn (lent_buffer.hpp).
struct Piece {
  using type = AnswerPiece;
};
AnswerPiece& thread_piece() { return lent_buffer<Piece>(); }

}  // namespace

template <Channel Protocol>
Session<Protocol>::Session(asio::ip::tcp::socket socket, const NameIndex& index, const ServerOptions& options,
                           const std::atomic<bool>& compact, ServerCounters& counters, AddressCounts* address_counts)
    : socket_(std::move(socket)),
      options_(options),
      compact_(compact),
      counters_(counters),
      channel_(index, options, counters, logging(LogLevel::info) ? this : nullptr),
      address_counts_(address_counts) {
  std::error_code ec;
  const auto remote = socket_.remote_endpoint(ec);
  peer_ = ec ? std::string("(unknown peer)") : to_string(remote);
  if (address_counts_ != nullptr && !ec) rare().client_address = remote.address().to_string();
  // Every answer is written whole or in large pieces already: Nagle's
  // algorithm could only hold back its last piece.
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  // Reads are attempted directly and waited for only when nothing is there.
  socket_.non_blocking(true, ec);
  // Left to itself, Linux lets a send buffer grow to megabytes for a client
  // that does not read: a bound keeps that memory small and makes such a
  // client wait on the server, where the write timeout can see it.
  if (options.send_buffer_bytes > 0) {
    socket_.set_option(asio::socket_base::send_buffer_size(static_cast<int>(options.send_buffer_bytes)), ec);
  }
  bound_unsent_in_kernel(socket_);
  // Behind a balancer the header comes first, within the request timeout.
  if (options.proxy_protocol) {
    rare().proxy_reader = std::make_unique<ProxyHeaderReader>();
    enter(Phase::proxy_header, after(options.request_timeout));
  }
}

// Callers check logging() first, so that a quiet server does not even
// format the line.
template <Channel Protocol>
void Session<Protocol>::log(std::string_view what, std::string_view detail) {
  std::string line(what);
  line += peer_;
  line += detail;
  options_.logger->write(line);
}

template <Channel Protocol>
void Session<Protocol>::heard(std::string_view what) {
  std::string detail = ": ";
  log(" From ", detail.append(what));
}

template <Channel Protocol>
void Session<Protocol>::answered(std::string_view what) {
  std::string detail = ": ";
  log("   To ", detail.append(what));
}

template <Channel Protocol>
void Session<Protocol>::stop() {
  // A session waiting for its client is not cut off at once: a query sent
  // as the server stopped may be on its way, and is answered if it comes
  // within stop_grace; then enforce_deadline() closes the session.
  if (wait_ != Wait::none) set_deadline(within_stop(deadline()));
}

template <Channel Protocol>
void Session<Protocol>::park() {
  if (wait_ != Wait::in_coroutine || stopping()) return;
  wait_ = Wait::parking;
  std::error_code ignored;
  socket_.cancel(ignored);  // only the wait is pending: no answer is cut short
}

template <Channel Protocol>
void Session<Protocol>::close() {
  if (phase_ == Phase::closed) return;
  // Counted from its address since the opening: the server outlives every
  // open session, so the table is still there.
  if (address_counts_ != nullptr && phase_ != Phase::proxy_header && phase_ != Phase::opening) {
    address_counts_->release(rare().client_address);
  }
  enter(Phase::closed);
  std::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  if (logging(LogLevel::info)) log("Close ", ".");
}

template <Channel Protocol>
auto Session<Protocol>::run() -> asio::awaitable<Outcome> {
  // Reading is written out here rather than in a coroutine of its own,
  // whose frame an idle session would hold too.
  auto& read_buffer = mojifinder::read_buffer();
  // What the read that waits for the next line takes in: small, and in
  // this frame, which a parked session does not keep.
  std::array<char, 128> waited_bytes;
  // Work done since the session last gave the loop back; every suspension
  // below starts a new turn.
  std::size_t work_this_turn = 0;
  try {
    if (phase_ == Phase::proxy_header && !co_await read_proxy_header()) {
      close();
      co_return Outcome::closed;
    }
    if (phase_ == Phase::opening) {
      if (address_counts_ != nullptr && !address_counts_->admit(rare().client_address)) {
        // The socket is new and its buffer empty: the notice goes at once.
        if (logging(LogLevel::warning)) log("Refused ", ": too many connections from its address, closing.");
        refuse(Refusal::per_address);
        co_return Outcome::closed;
      }
      begin_wait();  // counted from its address from here on
      if (logging(LogLevel::debug)) log("Open ", ".");
      if (const auto greeting = Protocol::greeting(); !greeting.empty()) {
        co_await asio::async_write(socket_, asio::buffer(greeting), use_awaitable);
        counters_.count(counters_.bytes_sent, greeting.size());
      }
    }
    for (;;) {
      if (work_this_turn >= work_units_per_turn) {
        co_await take_bulk_turn(socket_.get_executor(), use_awaitable);
        work_this_turn = 0;
      }
      const auto step = channel_.next(at_end_of_stream_);
      if (step == ChannelStep::end) break;
      if (step == ChannelStep::need_more) {
        if (at_end_of_stream_) break;
        begin_wait();
        // The session waits for the next line with a queued read rather
        // than async_wait, which makes Asio re-arm epoll (a system call)
        // for every wait. Asio tries the read at once: when the client has
        // not sent its next line yet, that try costs a recv() that finds
        // nothing (measured, with a deferred read and a post as the other
        // ways, in docs/performance/per-query.md).
        if (!more_to_read_) {
          if (compact_.load(std::memory_order_relaxed)) co_return Outcome::waiting_for_input;
          wait_ = Wait::in_coroutine;
          const auto [read_error, n] = co_await socket_.async_read_some(asio::buffer(waited_bytes), as_tuple_awaitable);
          const bool park = std::exchange(wait_, Wait::none) == Wait::parking;
          work_this_turn = 1;
          if (stopping() && read_error) break;
          if (park && read_error == asio::error::operation_aborted) co_return Outcome::waiting_for_input;
          if (!take_input(read_error, {waited_bytes.data(), n}, waited_bytes.size())) break;
          continue;
        }
        std::error_code ec;
        const auto n = socket_.read_some(asio::buffer(read_buffer, read_ahead_bytes), ec);
        if (!take_input(ec, {read_buffer.data(), n}, read_ahead_bytes)) break;
        work_this_turn += 1 + n / read_bytes_per_work_unit;
        continue;
      }
      // A client whose last answer was long (it took bulk turns) starts
      // its next in a bulk turn too: one looping costly queries then waits
      // behind short answers, rather than running the first piece of each
      // ahead of them as a short query does.
      const auto answer_began = std::chrono::steady_clock::now();
      enter(Phase::answering);
      if (std::exchange(last_answer_long_, false) && work_this_turn < work_units_per_turn) {
        co_await take_bulk_turn(socket_.get_executor(), use_awaitable);
        work_this_turn = 0;
      }
      for (bool last = false, first = true; !last; first = false) {
        auto& piece = thread_piece();
        last = channel_.next_piece(piece);
        if (!first) last_answer_long_ = true;
        const bool wrote = !piece.parts.empty();
        if (wrote && !write_now(piece)) {
          close();  // the connection failed: nothing more can be sent
          co_return Outcome::closed;
        }
        if (rare_ && !rare_->unsent.empty()) {
          auto& unsent = rare_->unsent;
          set_deadline(after(options_.write_timeout));
          co_await asio::async_write(socket_, asio::buffer(unsent), use_awaitable);
          counters_.count(counters_.bytes_sent, unsent.size());
          set_deadline(0);
          std::string().swap(unsent);
          work_this_turn = 0;
        }
        if (!last) {
          // The next piece of a long answer waits for a bulk turn, behind
          // the other clients' short answers, whether this one went out
          // at once or once the client had taken it.
          co_await take_bulk_turn(socket_.get_executor(), use_awaitable);
          work_this_turn = 0;
          // A piece that wrote nothing (a search or a ranking still under
          // way) learns of no failed write: a client that reset the
          // connection meanwhile is looked for, so that an answer nobody
          // can read stops costing the loop at once.
          if (!wrote && connection_reset(socket_)) {
            counters_.count(counters_.answers_abandoned);
            if (logging(LogLevel::info)) log("Gone ", ": reset during an answer, given up.");
            close();
            co_return Outcome::closed;
          }
        }
      }
      const bool go_on = channel_.end_reply();
      const auto answer_ended = std::chrono::steady_clock::now();
      counters_.record_latency(answer_ended - answer_began);
      answer_ended_ = answer_ended.time_since_epoch().count();
      idle_restarted_ = false;
      if (stopping() || !go_on || late_) break;
      // An answer that searched much costs its share of the turn.
      work_this_turn += 1 + thread_piece().work * work_units_per_turn / work_per_call;
    }
    co_await linger();
  } catch (const std::system_error&) {
    // The client went away in the middle of an answer: nothing to tell it.
  } catch (const std::bad_alloc&) {
    // Out of memory (a process run under a small address-space limit): the
    // client is told why it is closed, with bytes that need no allocation,
    // and the other sessions go on.
    const auto notice = channel_.notice(Refusal::out_of_memory);
    std::error_code ignored;
    if (!notice.empty()) socket_.write_some(asio::buffer(notice), ignored);
    count_refusal<Protocol>(counters_, Refusal::out_of_memory);
    if (logging(LogLevel::error)) log("Memory ", ": out of memory, closing.");
  }
  close();
  co_return Outcome::closed;
}

template <Channel Protocol>
bool Session<Protocol>::take_input(std::error_code ec, std::string_view bytes, std::size_t buffer_size) {
  if (!ec) {
    counters_.count(counters_.bytes_received, bytes.size());
    channel_.push(bytes);
    more_to_read_ = bytes.size() == buffer_size;  // a full buffer: likely more behind it
    return true;
  }
  if (ec == asio::error::eof) {
    at_end_of_stream_ = true;
    return true;
  }
  if (ec == asio::error::would_block || ec == asio::error::try_again) {
    more_to_read_ = false;
    return true;
  }
  return false;
}

// Closing a socket that holds unread input makes the kernel reset the
// connection and drop whatever of the last answer it has not delivered
// (linger() in socket_io.hpp).
template <Channel Protocol>
asio::awaitable<void> Session<Protocol>::linger() {
  if (phase_ == Phase::closed || !delivery_pending(socket_)) co_return;
  enter(Phase::lingering);
  co_await mojifinder::linger(socket_);
}

template <Channel Protocol>
bool Session<Protocol>::write_now(const AnswerPiece& piece) {
  // Nearly every piece goes whole: the rest's buffer is made only when
  // the socket is full.
  thread_local std::string rest;
  auto& unsent = rare_ ? rare_->unsent : rest;
  const auto written = mojifinder::write_now(socket_, piece, unsent);
  if (&unsent == &rest && !rest.empty()) {
    rare().unsent.swap(rest);
    rest.clear();
  }
  if (written) counters_.count(counters_.bytes_sent, *written);
  return written.has_value();
}

static_assert(Channel<LineChannel> && Channel<HttpChannel>);

template class Session<LineChannel>;
template class Session<HttpChannel>;

}  // namespace mojifinder
