#include "session.hpp"

#include <asio/error.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include <linux/sockios.h>
#include <sys/ioctl.h>

#include <array>
#include <new>
#include <utility>

#include "mojifinder/escape.hpp"
#include "mojifinder/server.hpp"

namespace mojifinder {

namespace {

using asio::use_awaitable;
constexpr auto as_tuple_awaitable = asio::experimental::as_tuple(asio::use_awaitable);

// One buffer per thread serves every session on it: bytes are read only
// once the socket has them, and the decoder keeps what it needs, so an
// idle connection holds no read buffer.
std::array<char, 64 * 1024>& read_buffer() {
  thread_local std::array<char, 64 * 1024> buffer;
  return buffer;
}

// The piece being written: the thread's, since a piece is written, or what
// the socket did not take copied, before the session suspends.
AnswerPiece& thread_piece() {
  thread_local AnswerPiece piece;
  return piece;
}

}  // namespace

template <typename Channel>
Session<Channel>::Session(asio::ip::tcp::socket socket, const NameIndex& index, const ServerOptions& options,
                 const std::atomic<bool>& compact, ServerCounters& counters, AddressCounts* address_counts)
    : socket_(std::move(socket)),
      logger_(options.logger),
      compact_(compact),
      channel_(index, options, counters, logging(LogLevel::info) ? this : nullptr),
      address_counts_(address_counts) {
  std::error_code ec;
  const auto remote = socket_.remote_endpoint(ec);
  peer_ = ec ? std::string("(unknown peer)") : to_string(remote);
  if (address_counts_ != nullptr && !ec) client_address_ = remote.address().to_string();
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
  // Behind a balancer the header comes first, within the request timeout.
  if (options.proxy_protocol) {
    proxy_reader_ = std::make_unique<ProxyHeaderReader>();
    request_since_.store(now(), std::memory_order_relaxed);
  }
}

// Callers check logging() first, so that a quiet server does not even
// format the line.
template <typename Channel>
void Session<Channel>::log(std::string_view what, std::string_view detail) {
  std::string line(what);
  line += peer_;
  line += detail;
  logger_->write(line);
}

template <typename Channel>
void Session<Channel>::heard(std::string_view what) {
  std::string detail = ": ";
  log(" From ", detail.append(what));
}

template <typename Channel>
void Session<Channel>::answered(std::string_view what) {
  std::string detail = ": ";
  log("   To ", detail.append(what));
}

template <typename Channel>
void Session<Channel>::stop() {
  stopping_ = true;
  // A session waiting for its client is not cut off at once: a query sent
  // as the server stopped may be on its way, and is answered if it comes
  // within stop_grace; then the sweeper closes the session.
  if (reading_) request_since_.store(now(), std::memory_order_relaxed);
}

template <typename Channel>
void Session<Channel>::park() {
  if (!waiting_in_coroutine_ || stopping_) return;
  park_requested_ = true;
  std::error_code ignored;
  socket_.cancel(ignored);  // only the wait is pending: no answer is cut short
}

template <typename Channel>
void Session<Channel>::enforce_timeouts(const Timeouts& timeouts) {
  if (closed_) return;
  const auto since = [](Ticks then) { return std::chrono::steady_clock::duration(now() - then); };
  const auto write_timeout = timeouts.write;
  const auto request_started = request_since();
  if (stopping_ && reading_ && since(request_started) > stop_grace) {
    close();  // nothing came in the grace: the wait ends, and the session with it
    return;
  }
  if (reading_ && proxy_reader_ && timeouts.request.count() > 0 && since(request_started) > timeouts.request) {
    // No PROXY header in time: not a balancer, or a broken one. Nothing is
    // said, as to anyone who does not speak first.
    channel_.counters().count_error(ServerCounters::proxy_header);
    if (logging(LogLevel::warning)) log("Refused ", ": no PROXY header in time, closing.");
    close();
    return;
  }
  if (reading_ && request_started != 0 && timeouts.request.count() > 0 && since(request_started) > timeouts.request) {
    // A client too slow to send a whole request (one byte at a time, to
    // hold a connection open): told so where its protocol can, and closed.
    const auto notice = channel_.request_timeout_notice();
    std::error_code ignored;
    if (!notice.empty()) socket_.write_some(asio::buffer(notice), ignored);
    channel_.counters().count_error(ServerCounters::request_timeout);
    channel_.counters().count_http_status(408);
    if (logging(LogLevel::info)) log("Slow ", ": request not whole in time, closing.");
    discard_input();
    close();
    return;
  }
  if (reading_ && (request_started == 0 || timeouts.request.count() <= 0) && timeouts.idle.count() > 0 && since(idle_since()) > timeouts.idle) {
    // The end of an answer may still be in the kernel, on its way to a
    // client that reads slowly: that client is not idle, and its idle time
    // counts from when it has taken everything. Meanwhile it has the write
    // timeout to take it.
    if (answer_in_kernel()) {
      draining_answer_ = true;
      if (write_timeout.count() > 0 && since(idle_since()) > write_timeout) {
        channel_.counters().count_error(ServerCounters::write_timeout);
        if (logging(LogLevel::info)) log("Unread ", ": answer left unread, closing.");
        close();
      }
      return;
    }
    if (std::exchange(draining_answer_, false)) {
      idle_since_.store(now(), std::memory_order_relaxed);
      return;
    }
    // Nothing is being written while the session waits for input, and the
    // kernel holds nothing: the socket takes this line at once, or the
    // client is gone anyway.
    const auto notice = channel_.idle_notice();
    std::error_code ignored;
    if (!notice.empty()) socket_.write_some(asio::buffer(notice), ignored);
    channel_.counters().count_error(ServerCounters::idle_timeout);
    if (logging(LogLevel::info)) log("Idle ", ": timed out.");
    // Bytes of an unfinished line left unread would turn the close into a
    // reset, which can throw the notice away before the client reads it.
    discard_input();
    close();  // the pending wait ends with an error, and the session with it
    return;
  }
  const auto blocked = blocked_writing_since();
  if (blocked != 0 && write_timeout.count() > 0 && since(blocked) > write_timeout) {
    channel_.counters().count_error(ServerCounters::write_timeout);
    if (logging(LogLevel::info)) log("Unread ", ": answer left unread, closing.");
    close();  // the pending write ends with an error, and its buffer is freed
  }
}

template <typename Channel>
void Session<Channel>::close() {
  if (closed_) return;
  closed_ = true;
  // Counted from its address until now: the server outlives every open
  // session, so the table is still there.
  if (std::exchange(admitted_, false)) address_counts_->release(client_address_);
  std::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  if (logging(LogLevel::info)) log("Close ", ".");
}

template <typename Channel>
auto Session<Channel>::run() -> asio::awaitable<Outcome> {
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
    if (proxy_reader_ && !co_await read_proxy_header()) {
      close();
      co_return Outcome::closed;
    }
    if (address_counts_ != nullptr && !admitted_) {
      if (!address_counts_->admit(client_address_)) {
        // The socket is new and its buffer empty: the line goes at once.
        const auto notice = channel_.too_many_from_address_notice();
        std::error_code ignored;
        socket_.write_some(asio::buffer(notice), ignored);
        channel_.counters().count_error(ServerCounters::per_address);
        if (channel_.greeting().empty()) channel_.counters().count_http_status(429);
        if (logging(LogLevel::warning)) log("Refused ", ": too many connections from its address, closing.");
        discard_input();
        close();
        co_return Outcome::closed;
      }
      admitted_ = true;
    }
    if (!greeted_) {
      greeted_ = true;
      if (logging(LogLevel::debug)) log("Open ", ".");
      if (const auto greeting = channel_.greeting(); !greeting.empty()) {
        co_await asio::async_write(socket_, asio::buffer(greeting), use_awaitable);
        channel_.counters().bytes_sent.fetch_add(greeting.size(), std::memory_order_relaxed);
      }
    }
    for (;;) {
      if (work_this_turn >= work_units_per_turn) {
        co_await asio::post(socket_.get_executor(), use_awaitable);
        work_this_turn = 0;
      }
      const auto step = channel_.next(at_end_of_stream_);
      if (step == ChannelStep::end) break;
      if (step == ChannelStep::need_more) {
        if (channel_.holding_partial_request()) {
          if (request_since() == 0) request_since_.store(now(), std::memory_order_relaxed);
        } else if (request_since() != 0 && !answer_once_) {
          request_since_.store(0, std::memory_order_relaxed);
        }
        if (at_end_of_stream_) break;
        // Stopping, and nothing answered since: a query may be on its way
        // (stop() explains); the wait below has the grace to bring it.
        if (stopping_ && request_since() == 0) request_since_.store(now(), std::memory_order_relaxed);
        // The session waits for the next line with a queued read rather
        // than async_wait, which makes Asio re-arm epoll (a system call)
        // for every wait. Asio tries the read at once: when the client has
        // not sent its next line yet, that try costs a recv() that finds
        // nothing (measured, with a deferred read and a post as the other
        // ways, in docs/performance/per-query.md).
        if (!more_to_read_) {
          if (compact_.load(std::memory_order_relaxed)) co_return Outcome::waiting_for_input;
          reading_ = waiting_in_coroutine_ = true;
          const auto [read_error, n] = co_await socket_.async_read_some(asio::buffer(waited_bytes), as_tuple_awaitable);
          reading_ = waiting_in_coroutine_ = false;
          work_this_turn = 1;
          const bool park = std::exchange(park_requested_, false);
          if (stopping_ && read_error) break;
          if (park && read_error == asio::error::operation_aborted) co_return Outcome::waiting_for_input;
          if (!take_input(read_error, {waited_bytes.data(), n}, waited_bytes.size())) break;
          continue;
        }
        std::error_code ec;
        const auto n = socket_.read_some(asio::buffer(read_buffer), ec);
        if (!take_input(ec, {read_buffer.data(), n}, read_buffer.size())) break;
        work_this_turn += 1 + n / read_bytes_per_work_unit;
        continue;
      }
      if (request_since() != 0) request_since_.store(0, std::memory_order_relaxed);
      const auto answer_began = std::chrono::steady_clock::now();
      for (bool last = false; !last;) {
        auto& piece = thread_piece();
        last = channel_.next_piece(piece);
        if (!piece.parts.empty() && !write_now(piece)) {
          close();  // the connection failed: nothing more can be sent
          co_return Outcome::closed;
        }
        if (!unsent_.empty()) {
          blocked_writing_since_.store(now(), std::memory_order_relaxed);
          co_await asio::async_write(socket_, asio::buffer(unsent_), use_awaitable);
          channel_.counters().bytes_sent.fetch_add(unsent_.size(), std::memory_order_relaxed);
          blocked_writing_since_.store(0, std::memory_order_relaxed);
          std::string().swap(unsent_);
          work_this_turn = 0;
        } else if (!last) {
          // Taken whole at once: let the other clients on this loop have
          // their turn before the next piece.
          co_await asio::post(socket_.get_executor(), use_awaitable);
          work_this_turn = 0;
        }
      }
      const bool go_on = channel_.end_reply();
      const auto answer_ended = std::chrono::steady_clock::now();
      channel_.counters().record_latency(answer_ended - answer_began);
      idle_since_.store(answer_ended.time_since_epoch().count(), std::memory_order_relaxed);
      if (stopping_ || !go_on || answer_once_) break;
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
    const auto notice = channel_.out_of_memory_notice();
    std::error_code ignored;
    if (!notice.empty()) socket_.write_some(asio::buffer(notice), ignored);
    if (logging(LogLevel::error)) log("Memory ", ": out of memory, closing.");
  }
  close();
  co_return Outcome::closed;
}

template <typename Channel>
asio::awaitable<bool> Session<Channel>::read_proxy_header() {
  auto& buffer = read_buffer();
  for (;;) {
    reading_ = true;  // stop() and the request timeout end this wait
    const auto [wait_error] = co_await socket_.async_wait(asio::socket_base::wait_read, as_tuple_awaitable);
    reading_ = false;
    if (wait_error || stopping_ || closed_) co_return false;
    // No more than a header can be, so that the protocol's bytes beyond it
    // are few: they go to the channel as if just read.
    std::error_code ec;
    const auto n = socket_.read_some(asio::buffer(buffer.data(), ProxyHeaderReader::max_v2_bytes), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) continue;
    if (ec) co_return false;
    const auto step = proxy_reader_->read({buffer.data(), n});
    if (step.outcome == ProxyHeaderReader::Outcome::need_more) continue;
    if (step.outcome == ProxyHeaderReader::Outcome::failed) {
      channel_.counters().count_error(ServerCounters::proxy_header);
      if (logging(LogLevel::warning)) {
        std::string detail = ": ";
        append_log_text(detail, proxy_reader_->error());
        log("Refused ", detail.append(", closing."));
      }
      co_return false;
    }
    const auto& header = proxy_reader_->header();
    if (header.kind == ProxyHeader::Kind::proxied) {
      peer_ = header.source;
      if (address_counts_ != nullptr) client_address_ = header.source_address;
    }
    if (step.consumed < n) {
      channel_.push({buffer.data() + step.consumed, n - step.consumed});
      more_to_read_ = n == ProxyHeaderReader::max_v2_bytes;
    }
    proxy_reader_.reset();
    request_since_.store(0, std::memory_order_relaxed);
    idle_since_.store(now(), std::memory_order_relaxed);
    co_return true;
  }
}

template <typename Channel>
bool Session<Channel>::take_input(std::error_code ec, std::string_view bytes, std::size_t buffer_size) {
  if (!ec) {
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

template <typename Channel>
std::error_code Session<Channel>::discard_input() {
  std::error_code ec;
  while (!ec) socket_.read_some(asio::buffer(read_buffer()), ec);
  return ec;
}

template <typename Channel>
bool Session<Channel>::answer_in_kernel() noexcept {
  int unacknowledged = 0;
  return ::ioctl(socket_.native_handle(), SIOCOUTQ, &unacknowledged) == 0 && unacknowledged > 0;
}

template <typename Channel>
bool Session<Channel>::delivery_pending() noexcept {
  int unacknowledged = 0;
  int unread = 0;
  const auto fd = socket_.native_handle();
  if (::ioctl(fd, SIOCOUTQ, &unacknowledged) != 0 || ::ioctl(fd, FIONREAD, &unread) != 0) return false;
  return unacknowledged > 0 || unread > 0;
}

// Closing a socket that holds unread input makes the kernel reset the
// connection and drop whatever of the last answer it has not delivered: a
// client that sent its next line while the server stopped would lose the
// end of the answer before it. So a session that ends with bytes still on
// their way first only says it is done (its FIN follows the last byte),
// then reads and drops what the client sends until the client has taken
// everything or closed, for linger_time at most.
template <typename Channel>
asio::awaitable<void> Session<Channel>::linger() {
  if (closed_ || !delivery_pending()) co_return;
  std::error_code ec;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  if (ec) co_return;
  using namespace asio::experimental::awaitable_operators;
  asio::steady_timer pause(socket_.get_executor());
  const auto deadline = std::chrono::steady_clock::now() + linger_time;
  while (delivery_pending() && std::chrono::steady_clock::now() < deadline) {
    ec = discard_input();
    if (ec != asio::error::would_block && ec != asio::error::try_again) co_return;  // the client closed
    pause.expires_after(linger_poll_interval);
    co_await (socket_.async_wait(asio::socket_base::wait_read, as_tuple_awaitable) ||
              pause.async_wait(as_tuple_awaitable));
  }
}

template <typename Channel>
bool Session<Channel>::write_now(const AnswerPiece& piece) {
  thread_local std::vector<asio::const_buffer> buffers;
  buffers.clear();
  for (const auto part : piece.parts) buffers.emplace_back(part.data(), part.size());
  std::error_code ec;
  // Non-blocking. A piece of one part (every short answer) goes with
  // send(), which the kernel takes on a shorter path than sendmsg()'s
  // gathering (see docs/performance/per-query.md).
  const auto written =
      buffers.size() == 1 ? socket_.write_some(buffers.front(), ec) : socket_.write_some(buffers, ec);
  if (ec && ec != asio::error::would_block && ec != asio::error::try_again) return false;
  if (!ec) channel_.counters().bytes_sent.fetch_add(written, std::memory_order_relaxed);
  // Keep what the socket did not take; the pieces may point into the
  // thread's staging area, which the next session on this loop reuses.
  std::size_t skip = ec ? 0 : written;
  for (const auto& buffer : buffers) {
    if (skip >= buffer.size()) {
      skip -= buffer.size();
      continue;
    }
    unsent_.append(static_cast<const char*>(buffer.data()) + skip, buffer.size() - skip);
    skip = 0;
  }
  return true;
}

template class Session<LineChannel>;
template class Session<HttpChannel>;

}  // namespace mojifinder
