// What a session does with its socket beyond reading and writing in
// turn: the thread's read buffer, what the kernel still holds, a write
// that takes what the socket takes at once, and the wait before a close
// that loses nothing. Internal to the server library.
#pragma once

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <system_error>

#include "mojifinder/answer/answer_stream.hpp"
#include "mojifinder/answer/lent_buffer.hpp"

namespace mojifinder {

// A session that ends while part of its last answer is still on its way
// to the client waits this long at most for the client to take it (see
// linger()).
inline constexpr auto linger_time = std::chrono::seconds(5);
inline constexpr auto linger_poll_interval = std::chrono::milliseconds(20);

// One buffer per thread serves every session on it, lent to the turn
// (lent_buffer.hpp): bytes are read only once the socket has them, and
// the decoder keeps what it needs before the session suspends, so an
// idle connection holds no read buffer.
struct ReadBytes {
  using type = std::array<char, 64 * 1024>;
};
inline std::array<char, 64 * 1024>& read_buffer() { return lent_buffer<ReadBytes>(); }

// The bytes a session reads at once, at most: what it has read and not
// yet answered waits in its memory while its client does not read the
// answers, so a client that pipelines and never reads holds this much
// input, not a whole read buffer (docs/performance/limits.md).
inline constexpr std::size_t read_ahead_bytes = 4 * 1024;

// The answer bytes the kernel holds for a connection beyond what is on its
// way to the client (TCP_NOTSENT_LOWAT): the socket takes no more until
// they go, so a client that does not read makes the server compute no
// more than this ahead of what it takes, and the send buffer (SO_SNDBUF)
// no longer sets that cost.
inline constexpr int unsent_in_kernel_bytes = 16 * 1024;
void bound_unsent_in_kernel(asio::ip::tcp::socket& socket) noexcept;

// Reads and drops what the client has sent; returns what stopped it
// (would_block once everything was taken).
std::error_code discard_input(asio::ip::tcp::socket& socket);

// True when the kernel still holds answer bytes the client has not
// acknowledged.
bool answer_in_kernel(asio::ip::tcp::socket& socket) noexcept;
// How long ago the client's kernel last acknowledged anything: the answer's
// bytes, or room its reader has made by taking them (a window update).
// nullopt where the kernel does not say (TCP_INFO).
std::optional<std::chrono::milliseconds> since_last_acknowledgement(asio::ip::tcp::socket& socket) noexcept;
// The same, or the kernel holds input the session has not read.
bool delivery_pending(asio::ip::tcp::socket& socket) noexcept;

// True when the client has reset the connection (or it failed): nothing
// written now could reach it. A client that only half-closed (nc -N) still
// reads, and is not gone. One poll(), without waiting.
bool connection_reset(asio::ip::tcp::socket& socket) noexcept;

// Closing a socket that holds unread input makes the kernel reset the
// connection and drop whatever of the last answer it has not delivered: a
// client that sent its next line while the server stopped would lose the
// end of the answer before it. So a session that ends with bytes still on
// their way first only says it is done (its FIN follows the last byte),
// then reads and drops what the client sends until the client has taken
// everything or closed, for linger_time at most.
asio::awaitable<void> linger(asio::ip::tcp::socket& socket);

// Writes a piece as far as the socket takes it at once, and appends the
// rest to `unsent`: only a client that does not read costs a buffer. The
// bytes written, or nullopt when the connection failed.
std::optional<std::size_t> write_now(asio::ip::tcp::socket& socket, const AnswerPiece& piece, std::string& unsent);

}  // namespace mojifinder
