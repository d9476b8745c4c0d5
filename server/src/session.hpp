// One client's session: a plain loop of read, decode, answer, as in Asio's
// own coroutine examples, over a channel that speaks the protocol (the
// line protocol's LineChannel, HTTP's HttpChannel). Internal to the server
// library.
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

#include "address_counts.hpp"
#include "connection.hpp"
#include "http_channel.hpp"
#include "line_channel.hpp"
#include "mojifinder/index/name_index.hpp"
#include "mojifinder/line/conversation.hpp"
#include "mojifinder/server/logger.hpp"
#include "mojifinder/server/server.hpp"
#include "proxy_header.hpp"
#include "socket_io.hpp"

namespace mojifinder {

// A session gives its event loop back after this much work in one turn,
// so that a client pipelining thousands of short queries, or pouring bytes
// in, cannot starve the others on the loop: a unit is one answer, or 8 KiB
// read (what a turn costs: docs/performance/limits.md).
inline constexpr std::size_t work_units_per_turn = 32;
inline constexpr std::size_t read_bytes_per_work_unit = 8 * 1024;

// When the server stops, a session waiting for its client still answers a
// query that comes within this (one sent as the stop began), so that a
// restart loses no query; then it closes.
inline constexpr auto stop_grace = std::chrono::milliseconds(250);

template <Channel Protocol>
class Session final : public Connection, private ConversationLog {
 public:
  // While `compact` is set, run() returns instead of waiting for input
  // (see below); otherwise it waits inside the coroutine, which is faster.
  // `address_counts`: where connections per client address are counted,
  // or null when they are not limited. The options and the counters are
  // the server's, which outlives its sessions.
  Session(asio::ip::tcp::socket socket, const NameIndex& index, const ServerOptions& options,
          const std::atomic<bool>& compact, ServerCounters& counters, AddressCounts* address_counts);

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
    wait_ = Wait::parked;
    socket_.async_wait(asio::socket_base::wait_read,
                       [this, resume = std::move(resume)](std::error_code ec) mutable {
                         wait_ = Wait::none;
                         if (ec) {
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

  // For a connection accepted as the server stops: it is served one answer
  // and closed; its query has the request timeout to come, not the stop's
  // grace, since the client connected before it knew.
  void answer_once() noexcept { late_ = true; }

  void enforce_deadline() override;
  asio::any_io_executor executor() noexcept override { return socket_.get_executor(); }
  void park() override;
  void stop() override;

 private:
  // Where the session stands. Each phase has at most one deadline, set as
  // the phase begins (enter()); enforce_deadline() says what its passing
  // means.
  enum class Phase : unsigned char {
    proxy_header,     // reading the PROXY header a balancer sends first: the request timeout
    opening,          // admitted by address and greeted: no deadline
    waiting,          // for the client's next line or request: the idle timeout, or the stop's grace
    draining,         // the same while the kernel still holds the end of the last answer: the write timeout
    reading_request,  // holding part of a request: the request timeout, or the stop's grace
    answering,        // writing a reply: the write timeout while the socket is full
    lingering,        // done, while the last answer reaches the client: linger() times itself
    closed,
  };
  // Whether, and where, the session waits for its client.
  enum class Wait : unsigned char {
    none,
    in_coroutine,  // for input, inside run(): park() may end it
    parking,       // that wait, ended by park()
    parked,        // for input, outside any coroutine (wait_for_input())
    for_header,    // for the PROXY header, inside run()
  };

  void enter(Phase phase, Ticks deadline = 0) noexcept {
    phase_ = phase;
    set_deadline(deadline);
  }
  // The server's, since stop() (one source: ServerCounters::stopping).
  bool stopping() const noexcept { return counters_.stopping.load(std::memory_order_relaxed); }
  // now + `timeout`, or 0 (none) for a timeout of zero.
  static Ticks after(std::chrono::milliseconds timeout) noexcept {
    return timeout.count() > 0 ? now() + ticks(timeout) : 0;
  }
  // Before the session waits for input: the phase it waits in, and its
  // deadline.
  void begin_wait();
  // While stopping, a wait lasts the stop's grace at most (the request
  // timeout for a connection accepted late).
  Ticks within_stop(Ticks deadline) const noexcept;
  // Tells the client why it is closed, where its protocol can, counts it,
  // and closes.
  void refuse(Refusal refusal);
  // At the idle deadline with nothing left in the kernel: counts idle time
  // from the client's last acknowledgement instead, when that came after
  // the answer's end (once an answer); false when it did not.
  bool restart_idle_from_last_acknowledgement() noexcept;
  // Closes a connection whose client leaves an answer unread past the
  // write timeout.
  void give_up_unread();

  // What a read into a buffer of `buffer_size` brought: bytes for the
  // decoder, the end of the stream, or nothing yet. False when the
  // connection failed and the session must end.
  bool take_input(std::error_code ec, std::string_view bytes, std::size_t buffer_size);
  // write_now() and linger() of socket_io.hpp, counted and phased.
  bool write_now(const AnswerPiece& piece);
  asio::awaitable<void> linger();
  // Reads the PROXY header a balancer sends first; false when the
  // connection is to close unanswered (no header, a bad one, gone, stopped).
  asio::awaitable<bool> read_proxy_header();
  bool logging(LogLevel level) const noexcept {
    return options_.logger != nullptr && options_.logger->enabled(level);
  }
  void log(std::string_view what, std::string_view detail = {});
  // What the conversation heard and answered, for the log.
  void heard(std::string_view what) override;
  void answered(std::string_view what) override;

  asio::ip::tcp::socket socket_;
  const ServerOptions& options_;
  const std::atomic<bool>& compact_;
  ServerCounters& counters_;
  std::string peer_;
  Ticks answer_ended_ = now();  // the end of the last answer, or the opening
  Phase phase_ = Phase::opening;
  Wait wait_ = Wait::none;
  bool late_ = false;              // accepted as the server stopped: one answer, then close
  bool at_end_of_stream_ = false;  // the client half-closed: answer what came, then close
  bool more_to_read_ = false;      // the socket likely holds bytes not read yet
  bool idle_restarted_ = false;    // idle time since counted from the client's last acknowledgement
  bool last_answer_long_ = false;  // the last answer took more than one piece

  Protocol channel_;
  AddressCounts* address_counts_;
  // What only some connections need, made when first needed: an idle
  // connection of the common kind holds only the pointer.
  struct Rare {
    // While a PROXY header is awaited (--proxy-protocol); gone once read.
    std::unique_ptr<ProxyHeaderReader> proxy_reader;
    // Under --max-connections-per-ip: the client's address (the PROXY
    // header's, when there is one); counted from the opening on.
    std::string client_address;
    // What the socket did not take of the last piece: a client that does
    // not read as fast as it asks.
    std::string unsent;
  };
  Rare& rare() {
    if (!rare_) rare_ = std::make_unique<Rare>();
    return *rare_;
  }
  std::unique_ptr<Rare> rare_;
};

extern template class Session<LineChannel>;
extern template class Session<HttpChannel>;

}  // namespace mojifinder
