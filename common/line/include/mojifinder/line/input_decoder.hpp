// Turns the bytes a client sends into lines, the way a telnet-style line
// server must: telnet commands are taken out of the stream (option
// negotiation never reaches a query, IAC IAC is a literal 0xFF), lines end
// in LF (a CR before it stays and is stripped as white space later), and
// the telnet interrupts and a lone Ctrl-D end the session.
//
// It knows nothing of sockets: the session pushes whatever it read and
// pulls complete inputs, so that lines pipelined in one packet are answered
// in order and a line split over many packets is put together.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mojifinder {

// Telnet command bytes (RFC 854, RFC 855).
namespace telnet {
inline constexpr unsigned char se = 240, nop = 241, data_mark = 242, brk = 243, interrupt_process = 244,
                               abort_output = 245, are_you_there = 246, erase_char = 247, erase_line = 248,
                               go_ahead = 249, sb = 250, will = 251, wont = 252, do_ = 253, dont = 254, iac = 255;
inline constexpr unsigned char eof = 236, susp = 237, abort = 238;
}  // namespace telnet

// Ctrl-D: a user's "end of input" when the terminal sends it as a byte.
inline constexpr char end_of_transmission = '\x04';

class InputDecoder {
 public:
  enum class Kind {
    need_more,  // no complete input yet: push more bytes (or finish at end of stream)
    line,       // a line, without its LF; valid until the next call
    too_long,   // a line longer than the limit ended; its bytes were thrown away
    end,        // the client asked to end the session (telnet interrupt, Ctrl-D)
  };
  struct Input {
    Kind kind;
    std::string_view line;
    std::size_t limit = 0;  // too_long: the bytes a line may hold
  };

  // The bytes a line may hold: its LF and a CR before it are not counted.
  // The bytes of a longer line are thrown away as they come, so that a
  // client cannot make a session hold more than this, and the line is
  // reported as too_long when it ends.
  static constexpr std::size_t default_max_line_bytes = 4096;

  explicit InputDecoder(std::size_t max_line_bytes = default_max_line_bytes) noexcept
      : max_line_bytes_(max_line_bytes) {}

  std::size_t max_line_bytes() const noexcept { return max_line_bytes_; }

  // Appends bytes read from the client; they are decoded by next().
  void push(std::string_view bytes);

  // The next complete input from what was pushed.
  Input next();

  // At end of stream: the unterminated last line, if any, as a line (the
  // original answered it too); need_more when nothing is left.
  Input finish();

  // Gives back buffer space beyond `keep` bytes that holds nothing
  // pending, so that a connection that once sent a long line does not keep
  // its buffers while idle. Invalidates the last line returned.
  void release_spare_capacity(std::size_t keep);

  // Bytes of the line being put together; lets a caller bound it.
  std::size_t pending_line_bytes() const noexcept { return line_returned_ ? 0 : line_.size(); }

 private:
  enum class State { data, command, option, subnegotiation, subnegotiation_command };

  void append_to_line(std::string_view bytes);
  Input end_line();  // at the LF, or at end of stream

  std::string raw_;           // bytes pushed and not decoded yet
  std::size_t raw_read_ = 0;  // decoded prefix of raw_
  std::string line_;          // decoded bytes of the current line
  bool line_returned_ = false;
  bool ended_ = false;
  bool discarding_ = false;  // the current line went over the limit
  std::size_t max_line_bytes_;
  State state_ = State::data;
};

}  // namespace mojifinder
