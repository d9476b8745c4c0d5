#include "session.hpp"

#include <asio/error.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include <array>

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

}  // namespace

Session::Session(asio::ip::tcp::socket socket, const NameIndex& index, Logger* logger)
    : socket_(std::move(socket)), index_(index), logger_(logger) {
  std::error_code ec;
  const auto remote = socket_.remote_endpoint(ec);
  peer_ = ec ? std::string("(unknown peer)") : to_string(remote);
  // Every answer is written whole or in large pieces already: Nagle's
  // algorithm could only hold back its last piece.
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  // Reads are attempted directly and waited for only when nothing is there.
  socket_.non_blocking(true, ec);
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

asio::awaitable<void> Session::run() {
  if (logging(LogLevel::debug)) log("Open ", ".");
  try {
    co_await asio::async_write(socket_, asio::buffer(prompt), use_awaitable);
    bool at_end_of_stream = false;
    for (;;) {
      const auto input = at_end_of_stream ? decoder_.finish() : decoder_.next();
      if (input.kind == InputDecoder::Kind::end) break;
      if (input.kind == InputDecoder::Kind::need_more) {
        if (at_end_of_stream || stopping_) break;
        const auto received = co_await receive();
        if (received == Received::failure) break;
        // After a half-close, answer what came before it.
        at_end_of_stream = received == Received::end_of_stream;
        continue;
      }
      if (!begin_answer(input.line)) break;
      for (bool last = false; !last;) {
        last = gather_piece();
        co_await asio::async_write(socket_, pieces_, use_awaitable);
      }
      end_answer();
      if (stopping_) break;
    }
  } catch (const std::system_error&) {
    // The client went away in the middle of an answer: nothing to tell it.
  }
  std::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  if (logging(LogLevel::info)) log("Close ", ".");
}

asio::awaitable<Session::Received> Session::receive() {
  // One buffer per thread serves every session on it: bytes are read only
  // once the socket has them, and the decoder keeps what it needs, so an
  // idle connection holds no read buffer.
  thread_local std::array<char, 64 * 1024> buffer;
  for (;;) {
    std::error_code ec;
    const auto n = socket_.read_some(asio::buffer(buffer), ec);
    if (!ec) {
      decoder_.push({buffer.data(), n});
      co_return Received::bytes;
    }
    if (ec == asio::error::eof) co_return Received::end_of_stream;
    if (ec != asio::error::would_block && ec != asio::error::try_again) co_return Received::failure;
    reading_ = true;
    const auto [wait_error] = co_await socket_.async_wait(asio::socket_base::wait_read, as_tuple_awaitable);
    reading_ = false;
    if (wait_error || stopping_) co_return Received::failure;
  }
}

bool Session::begin_answer(std::string_view line) {
  const auto request = parse_request(line);
  if (logging(LogLevel::info)) {
    log(" From ", ": " + quoted(request.kind == Request::Kind::end_session ? line : request.query));
  }
  pieces_.clear();
  searching_ = request.kind == Request::Kind::search;
  switch (request.kind) {
    case Request::Kind::end_session:
      return false;
    case Request::Kind::empty:
      return true;
    case Request::Kind::search:
      break;
  }
  // The words are needed only until the cursor has their entry lists.
  thread_local WordList words;
  words.split(request.query);
  matches_.start(index_, words);
  return true;
}

bool Session::gather_piece() {
  pieces_.clear();
  if (!searching_) {
    pieces_.emplace_back(prompt.data(), prompt.size());
    return true;
  }
  // Entries are numbered in code point order and their lines stored in
  // that order, so a run of consecutive entries is one stretch of bytes:
  // `cjk` is a few dozen stretches, not 98,000 lines.
  std::size_t bytes = 0;
  std::array<EntryId, 256> batch;
  const auto room_left = [&] { return bytes < answer_piece_bytes && pieces_.size() < max_buffers_per_write - 1; };
  while (room_left()) {
    // Never take more entries than can still be placed.
    const auto wanted = std::min(batch.size(), max_buffers_per_write - 1 - pieces_.size());
    const auto n = matches_.next(std::span(batch).first(wanted));
    if (n == 0) {
      tail_.clear();
      append_status_line(tail_, matches_.produced(), LineEnd::crlf);
      tail_ += prompt;
      pieces_.emplace_back(tail_.data(), tail_.size());
      return true;
    }
    for (std::size_t first = 0; first < n;) {
      std::size_t last = first + 1;
      while (last < n && batch[last] == batch[last - 1] + 1) ++last;
      const auto stretch = index_.lines(batch[first], batch[last - 1] + 1);
      pieces_.emplace_back(stretch.data(), stretch.size());
      bytes += stretch.size();
      first = last;
    }
  }
  return false;
}

void Session::end_answer() {
  if (searching_ && logging(LogLevel::info)) {
    log("   To ", ": " + std::to_string(matches_.produced()) + " results.");
  }
  if (pieces_.capacity() * sizeof(asio::const_buffer) > idle_buffer_bytes) std::vector<asio::const_buffer>().swap(pieces_);
  decoder_.release_spare_capacity(idle_buffer_bytes);
}

}  // namespace mojifinder
