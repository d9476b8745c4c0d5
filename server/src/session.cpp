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
#include <utility>

#include "mojifinder/answer.hpp"
#include "mojifinder/command.hpp"
#include "mojifinder/render.hpp"
#include "mojifinder/request.hpp"
#include "mojifinder/server.hpp"

namespace mojifinder {

namespace {

using asio::use_awaitable;
constexpr auto as_tuple_awaitable = asio::experimental::as_tuple(asio::use_awaitable);

// The query as the original logged it (Python's repr): in single quotes,
// with quotes, backslashes and control characters escaped.
std::string quoted(std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "'";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '\'': out += "\\'"; break;
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\n': out += "\\n"; break;
      default:
        if (byte < 0x20 || byte == 0x7F) {
          out += "\\x";
          out.push_back(hex[byte >> 4]);
          out.push_back(hex[byte & 0xF]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('\'');
  return out;
}

// One buffer per thread serves every session on it: bytes are read only
// once the socket has them, and the decoder keeps what it needs, so an
// idle connection holds no read buffer.
std::array<char, 64 * 1024>& read_buffer() {
  thread_local std::array<char, 64 * 1024> buffer;
  return buffer;
}

// A reply of a few lines (an error, a command's) is put together by
// begin_answer() and sent by the gather_piece() that follows at once, with
// no suspension in between, so it can be the thread's rather than every
// session's.
std::string& pending_text() {
  thread_local std::string text;
  return text;
}

}  // namespace

Session::Session(asio::ip::tcp::socket socket, const NameIndex& index, const ServerOptions& options,
                 const std::atomic<bool>& compact, ServerCounters& counters)
    : socket_(std::move(socket)),
      index_(index),
      logger_(options.logger),
      compact_(compact),
      decoder_(options.max_line_bytes),
      counters_(counters) {
  std::error_code ec;
  const auto remote = socket_.remote_endpoint(ec);
  peer_ = ec ? std::string("(unknown peer)") : to_string(remote);
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
}

// Callers check logging() first, so that a quiet server does not even
// format the line.
void Session::log(std::string_view what, std::string_view detail) {
  std::string line(what);
  line += peer_;
  line += detail;
  logger_->write(line);
}

void Session::stop() {
  stopping_ = true;
  // Only the wait for input can be pending when reading_ is set, so this
  // never cuts an answer short.
  if (reading_) {
    std::error_code ignored;
    socket_.cancel(ignored);
  }
}

void Session::park() {
  if (!waiting_in_coroutine_ || stopping_) return;
  park_requested_ = true;
  std::error_code ignored;
  socket_.cancel(ignored);  // only the wait is pending: no answer is cut short
}

void Session::enforce_timeouts(std::chrono::steady_clock::duration idle_timeout,
                               std::chrono::steady_clock::duration write_timeout) {
  if (closed_) return;
  const auto since = [](Ticks then) { return std::chrono::steady_clock::duration(now() - then); };
  if (reading_ && idle_timeout.count() > 0 && since(last_line_at()) > idle_timeout) {
    // Nothing is being written while the session waits for input: the
    // socket takes this line at once, or the client is gone anyway.
    constexpr std::string_view notice = "timeout: closing idle connection\r\n";
    std::error_code ignored;
    socket_.write_some(asio::buffer(notice), ignored);
    if (logging(LogLevel::info)) log("Idle ", ": timed out.");
    // Bytes of an unfinished line left unread would turn the close into a
    // reset, which can throw the notice away before the client reads it.
    discard_input();
    close();  // the pending wait ends with an error, and the session with it
    return;
  }
  const auto blocked = blocked_writing_since();
  if (blocked != 0 && write_timeout.count() > 0 && since(blocked) > write_timeout) {
    if (logging(LogLevel::info)) log("Unread ", ": answer left unread, closing.");
    close();  // the pending write ends with an error, and its buffer is freed
  }
}

void Session::close() {
  if (closed_) return;
  closed_ = true;
  std::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  if (logging(LogLevel::info)) log("Close ", ".");
}

asio::awaitable<Session::Outcome> Session::run() {
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
    if (!greeted_) {
      greeted_ = true;
      if (logging(LogLevel::debug)) log("Open ", ".");
      co_await asio::async_write(socket_, asio::buffer(prompt), use_awaitable);
      counters_.bytes_sent.fetch_add(prompt.size(), std::memory_order_relaxed);
    }
    for (;;) {
      if (work_this_turn >= work_units_per_turn) {
        co_await asio::post(socket_.get_executor(), use_awaitable);
        work_this_turn = 0;
      }
      const auto input = at_end_of_stream_ ? decoder_.finish() : decoder_.next();
      if (input.kind == InputDecoder::Kind::end) break;
      if (input.kind == InputDecoder::Kind::need_more) {
        if (at_end_of_stream_ || stopping_) break;
        // After an answer a client has rarely sent its next line yet, so
        // the session waits before it reads. It waits with a queued read
        // rather than async_wait: Asio re-arms epoll for every wait (a
        // system call per line), while a read that found the socket
        // drained lets the next one queue without trying first.
        if (!more_to_read_) {
          if (compact_.load(std::memory_order_relaxed)) co_return Outcome::waiting_for_input;
          reading_ = waiting_in_coroutine_ = true;
          const auto [read_error, n] = co_await socket_.async_read_some(asio::buffer(waited_bytes), as_tuple_awaitable);
          reading_ = waiting_in_coroutine_ = false;
          work_this_turn = 1;
          const bool park = std::exchange(park_requested_, false);
          if (stopping_) break;
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
      if (!begin_answer(input)) break;
      for (bool last = false; !last;) {
        thread_local Piece piece;
        last = gather_piece(piece);
        if (!write_now(piece)) {
          close();  // the connection failed: nothing more can be sent
          co_return Outcome::closed;
        }
        if (!unsent_.empty()) {
          blocked_writing_since_.store(now(), std::memory_order_relaxed);
          co_await asio::async_write(socket_, asio::buffer(unsent_), use_awaitable);
          counters_.bytes_sent.fetch_add(unsent_.size(), std::memory_order_relaxed);
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
      end_answer();
      if (stopping_) break;
      ++work_this_turn;
    }
    co_await linger();
  } catch (const std::system_error&) {
    // The client went away in the middle of an answer: nothing to tell it.
  }
  close();
  co_return Outcome::closed;
}

bool Session::take_input(std::error_code ec, std::string_view bytes, std::size_t buffer_size) {
  if (!ec) {
    decoder_.push(bytes);
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

std::error_code Session::discard_input() {
  std::error_code ec;
  while (!ec) socket_.read_some(asio::buffer(read_buffer()), ec);
  return ec;
}

bool Session::delivery_pending() noexcept {
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
asio::awaitable<void> Session::linger() {
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

bool Session::begin_answer(const InputDecoder::Input& input) {
  last_line_at_.store(now(), std::memory_order_relaxed);
  if (input.kind == InputDecoder::Kind::too_long) {
    if (logging(LogLevel::info)) log(" From ", ": a line over " + std::to_string(decoder_.max_line_bytes()) + " bytes");
    return reply_error("error: line too long (limit " + std::to_string(decoder_.max_line_bytes()) + " bytes)");
  }
  const auto line = input.line;
  const auto request = parse_request(line);
  if (logging(LogLevel::info)) {
    const bool whole_line = request.kind == Request::Kind::end_session || request.kind == Request::Kind::invalid_utf8;
    log(" From ", ": " + quoted(whole_line ? line : request.query));
  }
  switch (request.kind) {
    case Request::Kind::end_session:
      return false;
    case Request::Kind::empty:
      reply_ = Reply::just_prompt;
      return true;
    case Request::Kind::invalid_utf8:
    case Request::Kind::control_character:
      return reply_error(error_message(request));
    case Request::Kind::command:
      return run_command(request.query);
    case Request::Kind::search:
      break;
  }
  if (settings_) {
    settings_->next_first = 0;
    if (settings_->limit > 0) settings_->last_query.assign(request.query);
  }
  return start_search(request.query, 0);
}

bool Session::start_search(std::string_view query, std::size_t first) {
  counters_.queries.fetch_add(1, std::memory_order_relaxed);
  if (auto error = results_.start(index_, query); !error.empty()) return reply_error(std::move(error));
  // A later page: the results before it are passed over, not sent.
  std::array<Result, 1024> passed;
  for (std::size_t left = first; left > 0;) {
    const auto n = results_.next(std::span(passed).first(std::min(left, passed.size())));
    if (n == 0) break;
    left -= n;
  }
  first_shown_ = static_cast<std::uint32_t>(results_.produced());
  reply_ = Reply::search;
  return true;
}

bool Session::reply_error(std::string text) {
  if (logging(LogLevel::info)) log("   To ", ": " + text);
  return reply_line(text, "error");
}

std::string& Session::start_text_reply() {
  reply_ = Reply::text;
  auto& out = pending_text();
  out.clear();
  return out;
}

bool Session::reply_line(std::string_view text, std::string_view json_key) {
  auto& out = start_text_reply();
  if (format() == AnswerFormat::json) {
    // {"error":"..."}: the text is ASCII but for what a client sent, which
    // is valid UTF-8 by now; quotes and backslashes are escaped.
    out += "{\"";
    out += json_key;
    out += "\":\"";
    // The key says what the text's own `error: ` or `ok: ` said.
    if (text.starts_with(json_key) && text.substr(json_key.size()).starts_with(": ")) {
      text.remove_prefix(json_key.size() + 2);
    }
    for (const char c : text) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out += "\"}";
  } else {
    out = text;
  }
  out += "\r\n";
  return true;
}

bool Session::run_command(std::string_view line) {
  const auto command = parse_command(line);
  switch (command.kind) {
    case Command::Kind::invalid:
      return reply_error(command.error);
    case Command::Kind::quit:
      return false;
    case Command::Kind::help: {
      auto& out = start_text_reply();
      for (const char c : help_text()) {
        if (c == '\n') out.push_back('\r');
        out.push_back(c);
      }
      return true;
    }
    case Command::Kind::limit:
      settings().limit = static_cast<std::uint32_t>(command.limit);
      settings().next_first = 0;
      return reply_line(command.limit == 0 ? std::string("ok: answers show every result")
                                           : "ok: answers show at most " + std::to_string(command.limit) +
                                                 " results; /more shows the next",
                        "ok");
    case Command::Kind::more:
      if (!settings_ || settings_->next_first == 0) return reply_error("error: nothing more to show");
      return start_search(settings_->last_query, std::exchange(settings_->next_first, 0));
    case Command::Kind::format:
      settings().format = command.format;
      return reply_line(command.format == AnswerFormat::json ? "ok: answers in JSON Lines" : "ok: answers in text",
                        "ok");
    case Command::Kind::stats:
      return reply_stats();
  }
  return reply_error("error: unknown command");
}

bool Session::reply_stats() {
  const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                                       counters_.started);
  const auto number = [](const std::atomic<std::uint64_t>& n) { return std::to_string(n.load(std::memory_order_relaxed)); };
  auto& out = start_text_reply();
  if (format() == AnswerFormat::json) {
    out += "{\"uptime_s\":" + std::to_string(uptime.count()) + ",\"connections_open\":" +
           number(counters_.connections_open) + ",\"connections_total\":" + number(counters_.connections_total) +
           ",\"queries\":" + number(counters_.queries) + ",\"bytes_sent\":" + number(counters_.bytes_sent) + "}\r\n";
  } else {
    out += "uptime: " + std::to_string(uptime.count()) + " s\r\n";
    out += "connections: " + number(counters_.connections_open) + " open, " + number(counters_.connections_total) +
           " since start\r\n";
    out += "queries: " + number(counters_.queries) + "\r\n";
    out += "bytes sent: " + number(counters_.bytes_sent) + "\r\n";
  }
  return true;
}

std::size_t Session::count_all_results() {
  // Only after a limited page: the rest are counted, not sent.
  std::array<Result, 1024> rest;
  while (results_.next(rest) != 0) {
  }
  return results_.produced();
}

Session::Settings& Session::settings() {
  if (!settings_) settings_ = std::make_unique<Settings>();
  return *settings_;
}

bool Session::gather_piece(Piece& piece) {
  auto& buffers = piece.buffers;
  auto& staging = piece.staging;
  buffers.clear();
  if (reply_ == Reply::just_prompt) {
    buffers.emplace_back(prompt.data(), prompt.size());
    return true;
  }
  if (reply_ == Reply::text) {
    staging.assign(pending_text()).append(prompt);
    buffers.emplace_back(staging.data(), staging.size());
    return true;
  }
  // Room for a piece and one more batch of lines, each copied at worst,
  // and for the status line and prompt after them: staging never
  // reallocates under the buffers that point into it.
  constexpr std::size_t results_per_batch = 256;
  constexpr std::size_t status_and_prompt_bytes = 256;
  staging.clear();
  staging.reserve(answer_piece_bytes + results_per_batch * max_result_line_bytes + status_and_prompt_bytes);
  // Bytes appended to staging from `from` on go out next: with the piece
  // before them when that one ends where they begin.
  const auto send_staged = [&](std::size_t from) {
    const auto* at = staging.data() + from;
    const auto size = staging.size() - from;
    if (!buffers.empty() && static_cast<const char*>(buffers.back().data()) + buffers.back().size() == at) {
      buffers.back() = asio::const_buffer(buffers.back().data(), buffers.back().size() + size);
    } else {
      buffers.emplace_back(at, size);
    }
  };
  // Entries are numbered in code point order and their lines stored in
  // that order, so a run of consecutive entries is one stretch of bytes:
  // `cjk` is a few dozen stretches, not 98,000 lines.
  std::size_t bytes = 0;
  std::array<Result, results_per_batch> batch;
  const auto answer_format = format();
  const std::size_t limit = settings_ ? settings_->limit : 0;
  const auto shown = [&] { return results_.produced() - first_shown_; };
  // Each stretch takes at most one buffer, and the status line one more.
  const auto room_left = [&] { return bytes < answer_piece_bytes && buffers.size() < max_buffers_per_write - 1; };
  while (room_left()) {
    auto wanted = std::min(batch.size(), max_buffers_per_write - 1 - buffers.size());
    if (limit > 0) wanted = std::min(wanted, limit - shown());
    const auto n = wanted == 0 ? 0 : results_.next(std::span(batch).first(wanted));
    if (n == 0) {
      const auto shown_count = shown();
      const Page page{count_all_results(), first_shown_, shown_count};
      if (limit > 0 && page.after() < page.total) settings_->next_first = page.after();
      const auto from = staging.size();
      append_answer_end(staging, answer_format, page, LineEnd::crlf);
      staging += prompt;
      send_staged(from);
      return true;
    }
    for (std::size_t first = 0; first < n;) {
      // A JSON line, or the line of a code point without a name, is made
      // here; the others are the index's own bytes.
      if (answer_format == AnswerFormat::json || (batch[first] & unnamed_result)) {
        const auto from = staging.size();
        if (answer_format == AnswerFormat::json) {
          append_json_result(staging, index_, batch[first], LineEnd::crlf);
        } else {
          append_result(staging, index_, batch[first], LineEnd::crlf);
        }
        send_staged(from);
        bytes += staging.size() - from;
        ++first;
        continue;
      }
      std::size_t last = first + 1;
      while (last < n && !(batch[last] & unnamed_result) && batch[last] == batch[last - 1] + 1) ++last;
      const auto stretch = index_.lines(batch[first], batch[last - 1] + 1);
      if (stretch.size() < direct_stretch_bytes) {
        const auto from = staging.size();
        staging += stretch;
        send_staged(from);
      } else {
        buffers.emplace_back(stretch.data(), stretch.size());
      }
      bytes += stretch.size();
      first = last;
    }
  }
  return false;
}

bool Session::write_now(const Piece& piece) {
  std::error_code ec;
  const auto written = socket_.write_some(piece.buffers, ec);  // non-blocking
  if (ec && ec != asio::error::would_block && ec != asio::error::try_again) return false;
  if (!ec) counters_.bytes_sent.fetch_add(written, std::memory_order_relaxed);
  // Keep what the socket did not take; the pieces may point into the
  // thread's staging area, which the next session on this loop reuses.
  std::size_t skip = ec ? 0 : written;
  for (const auto& buffer : piece.buffers) {
    if (skip >= buffer.size()) {
      skip -= buffer.size();
      continue;
    }
    unsent_.append(static_cast<const char*>(buffer.data()) + skip, buffer.size() - skip);
    skip = 0;
  }
  return true;
}

void Session::end_answer() {
  if (reply_ == Reply::search && logging(LogLevel::info)) {
    log("   To ", ": " + std::to_string(results_.produced()) + " results.");
  }
  results_.release_spare_capacity();
  decoder_.release_spare_capacity(idle_buffer_bytes);
}

}  // namespace mojifinder
