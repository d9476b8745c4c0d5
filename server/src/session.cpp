#include "session.hpp"

#include <asio/error.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

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
  // Only a read can be pending when reading_ is set, so this never cuts
  // an answer short.
  if (reading_) {
    std::error_code ignored;
    socket_.cancel(ignored);
  }
}

asio::awaitable<void> Session::run() {
  if (logging(LogLevel::debug)) log("Open ", ".");
  try {
    co_await send(prompt);
    bool at_end_of_stream = false;
    for (;;) {
      const auto input = at_end_of_stream ? decoder_.finish() : decoder_.next();
      if (input.kind == InputDecoder::Kind::end) break;
      if (input.kind == InputDecoder::Kind::line) {
        if (!co_await answer(input.line) || stopping_) break;
        continue;
      }
      // Nothing complete is buffered: wait for the client.
      if (at_end_of_stream || stopping_) break;
      reading_ = true;
      const auto [ec, n] = co_await socket_.async_read_some(asio::buffer(read_buffer_), as_tuple_awaitable);
      reading_ = false;
      if (ec == asio::error::eof) {
        at_end_of_stream = true;  // answer what it sent before it half-closed
      } else if (ec) {
        break;
      } else {
        decoder_.push({read_buffer_.data(), n});
      }
    }
  } catch (const std::system_error&) {
    // The client went away in the middle of an answer: nothing to tell it.
  }
  std::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  if (logging(LogLevel::info)) log("Close ", ".");
}

asio::awaitable<bool> Session::answer(std::string_view line) {
  const auto request = parse_request(line);
  if (logging(LogLevel::info)) {
    log(" From ", ": " + quoted(request.kind == Request::Kind::end_session ? line : request.query));
  }
  switch (request.kind) {
    case Request::Kind::end_session:
      co_return false;
    case Request::Kind::empty:
      co_await send(prompt);
      co_return true;
    case Request::Kind::search:
      break;
  }
  words_.split(request.query);
  const auto matches = index_.search(words_, scratch_);
  co_await send_matches(matches);
  if (logging(LogLevel::info)) log("   To ", ": " + std::to_string(matches.size()) + " results.");
  co_return true;
}

asio::awaitable<void> Session::send_matches(std::span<const EntryId> matches) {
  // Entries are numbered in code point order and their lines stored in
  // that order, so a run of consecutive entries is one stretch of bytes:
  // `cjk` is a few dozen stretches, not 98,000 lines.
  pieces_.clear();
  piece_bytes_ = 0;
  for (std::size_t first = 0; first < matches.size();) {
    std::size_t last = first + 1;
    while (last < matches.size() && matches[last] == matches[last - 1] + 1) ++last;
    auto stretch = index_.lines(matches[first], matches[last - 1] + 1);
    first = last;
    while (!stretch.empty()) {
      const auto take = std::min(stretch.size(), answer_piece_bytes - piece_bytes_);
      pieces_.emplace_back(stretch.data(), take);
      piece_bytes_ += take;
      stretch.remove_prefix(take);
      if (piece_bytes_ == answer_piece_bytes || pieces_.size() == max_buffers_per_write - 1) {
        co_await flush_pieces();
      }
    }
  }
  tail_.clear();
  append_status_line(tail_, matches.size(), LineEnd::crlf);
  tail_ += prompt;
  pieces_.emplace_back(tail_.data(), tail_.size());
  co_await flush_pieces();
}

asio::awaitable<void> Session::flush_pieces() {
  co_await asio::async_write(socket_, pieces_, use_awaitable);
  pieces_.clear();
  piece_bytes_ = 0;
}

asio::awaitable<void> Session::send(std::string_view bytes) {
  co_await asio::async_write(socket_, asio::buffer(bytes), use_awaitable);
}

}  // namespace mojifinder
