// One client's session: a plain loop of read, decode, answer, as in Asio's
// own coroutine examples. Internal to the server library.
#pragma once

#include <asio/awaitable.hpp>
#include <asio/buffer.hpp>
#include <asio/ip/tcp.hpp>
#include <array>
#include <span>
#include <string>
#include <vector>

#include "mojifinder/input_decoder.hpp"
#include "mojifinder/logger.hpp"
#include "mojifinder/name_index.hpp"

namespace mojifinder {

// What the server sends after every answer, and first of all.
inline constexpr std::string_view prompt = "?> ";

// Answers are written in pieces of at most this many bytes, so that a
// `cjk` query (4 MB) gives the event loop back between pieces instead of
// holding it, and other clients' short answers go out in between.
inline constexpr std::size_t answer_piece_bytes = 64 * 1024;

// Asio gathers at most this many buffers into one write.
inline constexpr std::size_t max_buffers_per_write = 64;

// Bytes asked of the socket per read: a pasted paragraph in one go.
inline constexpr std::size_t read_chunk_bytes = 4096;

class Session {
 public:
  Session(asio::ip::tcp::socket socket, const NameIndex& index, Logger* logger);

  // Serves the client until it leaves, asks to end, or stop() is called.
  asio::awaitable<void> run();

  // Ends the session once the answer being written, if any, is complete.
  // Must be called on the session's executor.
  void stop();

 private:
  // Answers one line; false when the session should end.
  asio::awaitable<bool> answer(std::string_view line);
  asio::awaitable<void> send_matches(std::span<const EntryId> matches);
  asio::awaitable<void> send(std::string_view bytes);
  asio::awaitable<void> flush_pieces();
  bool logging(LogLevel level) const noexcept { return logger_ != nullptr && logger_->enabled(level); }
  void log(std::string_view what, std::string_view detail = {});

  asio::ip::tcp::socket socket_;
  const NameIndex& index_;
  Logger* logger_;
  std::string peer_;
  bool reading_ = false;
  bool stopping_ = false;

  InputDecoder decoder_;
  std::array<char, read_chunk_bytes> read_buffer_;
  WordList words_;
  std::vector<EntryId> scratch_;
  std::vector<asio::const_buffer> pieces_;
  std::size_t piece_bytes_ = 0;
  std::string tail_;  // status line and prompt
};

}  // namespace mojifinder
