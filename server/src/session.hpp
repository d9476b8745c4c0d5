// One client's session: a plain loop of read, decode, answer, as in Asio's
// own coroutine examples. Internal to the server library.
#pragma once

#include <asio/awaitable.hpp>
#include <asio/buffer.hpp>
#include <asio/ip/tcp.hpp>
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
// holding it, and other clients' short answers go out in between. The
// pieces point into the index: a session copies no answer bytes, and one
// whose client stops reading holds nothing but its place in the answer.
inline constexpr std::size_t answer_piece_bytes = 64 * 1024;

// Asio gathers at most this many buffers into one write.
inline constexpr std::size_t max_buffers_per_write = 64;

// Buffers a session keeps between queries are given back when they have
// grown past this, so that an idle connection costs little whatever it
// asked before.
inline constexpr std::size_t idle_buffer_bytes = 1024;

class Session {
 public:
  Session(asio::ip::tcp::socket socket, const NameIndex& index, Logger* logger);

  // Serves the client until it leaves, asks to end, or stop() is called.
  asio::awaitable<void> run();

  // Ends the session once the answer being written, if any, is complete.
  // Must be called on the session's executor.
  void stop();

 private:
  // Reads what the client has sent into the decoder.
  enum class Received { bytes, end_of_stream, failure };
  asio::awaitable<Received> receive();
  // Sets up the answer to one line; false when the session should end.
  bool begin_answer(std::string_view line);
  // Gathers the next piece of the answer into pieces_; true when it holds
  // the last of it (the status line and the prompt).
  bool gather_piece();
  void end_answer();
  bool logging(LogLevel level) const noexcept { return logger_ != nullptr && logger_->enabled(level); }
  void log(std::string_view what, std::string_view detail = {});

  asio::ip::tcp::socket socket_;
  const NameIndex& index_;
  Logger* logger_;
  std::string peer_;
  bool reading_ = false;
  bool stopping_ = false;
  bool searching_ = false;  // the answer in progress is a search's (else a bare prompt)

  InputDecoder decoder_;
  MatchCursor matches_;
  std::vector<asio::const_buffer> pieces_;
  std::string tail_;  // status line and prompt
};

}  // namespace mojifinder
