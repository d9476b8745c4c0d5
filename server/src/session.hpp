// One client's session: a plain loop of read, decode, answer, as in Asio's
// own coroutine examples. Internal to the server library.
#pragma once

#include <asio/awaitable.hpp>
#include <asio/buffer.hpp>
#include <asio/ip/tcp.hpp>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mojifinder/command.hpp"
#include "mojifinder/input_decoder.hpp"
#include "mojifinder/logger.hpp"
#include "mojifinder/name_index.hpp"
#include "mojifinder/results.hpp"
#include "mojifinder/server.hpp"

namespace mojifinder {

// What the server sends after every answer, and first of all.
inline constexpr std::string_view prompt = "?> ";

// Answers are written in pieces of about this many bytes, and the session
// gives the event loop back between pieces: a `cjk` query (4 MB) never
// holds the loop for long, and other clients' answers go out in between.
inline constexpr std::size_t answer_piece_bytes = 32 * 1024;

// A run of consecutive result lines at least this long is written straight
// from the index; shorter runs (the scattered matches of `sign`, say) are
// copied together first, so that a write carries a whole piece, not a few
// dozen 40-byte lines.
inline constexpr std::size_t direct_stretch_bytes = 1024;

// Asio gathers at most this many buffers into one write.
inline constexpr std::size_t max_buffers_per_write = 64;

// A session gives its event loop back after this much work in one turn,
// so that a client pipelining thousands of short queries, or pouring bytes
// in, cannot starve the others on the loop: a unit is one answer, or 8 KiB
// read. 32 short answers take a few dozen microseconds.
inline constexpr std::size_t work_units_per_turn = 32;
inline constexpr std::size_t read_bytes_per_work_unit = 8 * 1024;

// A session that ends while part of its last answer is still on its way
// to the client waits this long at most for the client to take it (see
// Session::linger()).
inline constexpr auto linger_time = std::chrono::seconds(5);
inline constexpr auto linger_poll_interval = std::chrono::milliseconds(20);

// Buffers a session keeps between queries are given back when they have
// grown past this, so that an idle connection costs little whatever it
// asked before.
inline constexpr std::size_t idle_buffer_bytes = 1024;

// What /stats reports, kept by the server and counted by its sessions.
struct ServerCounters {
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::atomic<std::uint64_t> connections_open{0};
  std::atomic<std::uint64_t> connections_total{0};
  std::atomic<std::uint64_t> queries{0};
  std::atomic<std::uint64_t> bytes_sent{0};
};

class Session {
 public:
  // While `compact` is set, run() returns instead of waiting for input
  // (see below); otherwise it waits inside the coroutine, which is faster.
  Session(asio::ip::tcp::socket socket, const NameIndex& index, const ServerOptions& options,
          const std::atomic<bool>& compact, ServerCounters& counters);

  enum class Outcome { waiting_for_input, closed };

  // Serves the client until it leaves, asks to end or stop() is called
  // (closed), or, while `compact` is set, until nothing is left to do but
  // wait for the client (waiting_for_input): then the caller calls
  // wait_for_input(), and run() again once input has come. So an idle
  // connection holds no coroutine frame, only the Session and one wait.
  asio::awaitable<Outcome> run();

  // Waits for the client to send something, then calls resume(true) on the
  // session's executor; resume(false) when the session was stopped or the
  // connection failed meanwhile, and is closed.
  template <typename Resume>
  void wait_for_input(Resume resume) {
    reading_ = true;
    socket_.async_wait(asio::socket_base::wait_read,
                       [this, resume = std::move(resume)](std::error_code ec) mutable {
                         reading_ = false;
                         if (ec || stopping_) {
                           close();
                           resume(false);
                           return;
                         }
                         more_to_read_ = true;
                         resume(true);
                       });
  }

  // Closes the connection (once); run() does it itself when it ends.
  void close();

  // Times on the steady clock, in its ticks, that the server's sweeper
  // reads from its own thread: when the last complete line came (or the
  // connection opened), and since when an answer has waited for a full
  // socket (0: it is not waiting).
  using Ticks = std::chrono::steady_clock::rep;
  static Ticks now() noexcept { return std::chrono::steady_clock::now().time_since_epoch().count(); }
  Ticks last_line_at() const noexcept { return last_line_at_.load(std::memory_order_relaxed); }
  Ticks blocked_writing_since() const noexcept { return blocked_writing_since_.load(std::memory_order_relaxed); }

  // Closes the session if, on its own executor, it is still idle past
  // `idle_timeout` (telling the client why) or still blocked writing past
  // `write_timeout`. Zero durations are never exceeded.
  void enforce_timeouts(std::chrono::steady_clock::duration idle_timeout,
                        std::chrono::steady_clock::duration write_timeout);

  asio::any_io_executor executor() noexcept { return socket_.get_executor(); }

  // Sessions became compact: one waiting inside its coroutine stops
  // waiting there and parks (run() returns waiting_for_input). Must be
  // called on the session's executor.
  void park();

  // Ends the session once the answer being written, if any, is complete.
  // Must be called on the session's executor.
  void stop();

 private:
  // What a read into a buffer of `buffer_size` brought: bytes for the
  // decoder, the end of the stream, or nothing yet. False when the
  // connection failed and the session must end.
  bool take_input(std::error_code ec, std::string_view bytes, std::size_t buffer_size);
  // Sets up the answer to one input (a line, or a line too long); false
  // when the session should end.
  bool begin_answer(const InputDecoder::Input& input);
  // The results of `query` from the one at `first` on (a later page).
  bool start_search(std::string_view query, std::size_t first);
  bool run_command(std::string_view line);
  // The thread's buffer for a reply of a few lines, emptied, with the
  // session set to send it next.
  std::string& start_text_reply();
  // A one-line reply: as it is, or in JSON as {"<json_key>":"<text>"}.
  bool reply_line(std::string_view text, std::string_view json_key);
  bool reply_error(std::string text);
  bool reply_stats();
  std::size_t count_all_results();

  // What a client set with /format and /limit, and where /more goes on:
  // made only for a session that uses them.
  struct Settings {
    AnswerFormat format = AnswerFormat::text;
    std::uint32_t limit = 0;  // 0: every result
    // Where /more goes on: the first result not shown by the last answer
    // the limit cut short; 0 when there is nothing more.
    std::size_t next_first = 0;
    std::string last_query;
  };
  Settings& settings();
  AnswerFormat format() const noexcept { return settings_ ? settings_->format : AnswerFormat::text; }
  // What the next write sends: buffers into the index and into a staging
  // area. Both are the thread's, shared by its sessions, since a piece is
  // written (or what is left of it copied) before the session suspends.
  struct Piece {
    std::vector<asio::const_buffer> buffers;
    std::string staging;
  };
  // Gathers the next piece of the answer; true when it holds the last of
  // it (the status line and the prompt).
  bool gather_piece(Piece& piece);
  // Writes a piece as far as the socket takes it at once, and keeps the
  // rest in unsent_: only a client that does not read costs a buffer.
  bool write_now(const Piece& piece);
  void end_answer();
  // True when the kernel still holds answer bytes the client has not
  // acknowledged, or input the session has not read.
  bool delivery_pending() noexcept;
  // Reads and drops what the client has sent; returns what stopped it
  // (would_block once everything was taken).
  std::error_code discard_input();
  // Before a session that ends well closes its socket: see session.cpp.
  asio::awaitable<void> linger();
  bool logging(LogLevel level) const noexcept { return logger_ != nullptr && logger_->enabled(level); }
  void log(std::string_view what, std::string_view detail = {});

  asio::ip::tcp::socket socket_;
  const NameIndex& index_;
  Logger* logger_;
  const std::atomic<bool>& compact_;
  std::string peer_;
  bool reading_ = false;  // only the wait for input is pending
  bool waiting_in_coroutine_ = false;
  bool park_requested_ = false;
  bool stopping_ = false;
  bool greeted_ = false;
  bool closed_ = false;
  bool at_end_of_stream_ = false;  // the client half-closed: answer what came, then close
  bool more_to_read_ = false;      // the socket likely holds bytes not read yet
  enum class Reply : unsigned char { just_prompt, search, text };
  Reply reply_ = Reply::just_prompt;  // what the answer in progress is

  InputDecoder decoder_;
  Results results_;
  std::uint32_t first_shown_ = 0;  // results passed over before this page
  std::unique_ptr<Settings> settings_;
  ServerCounters& counters_;
  std::string unsent_;  // what the socket did not take of the last piece
  std::atomic<Ticks> last_line_at_{now()};
  std::atomic<Ticks> blocked_writing_since_{0};
};

}  // namespace mojifinder
