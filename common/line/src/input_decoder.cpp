#include "mojifinder/line/input_decoder.hpp"

#include <array>

namespace mojifinder {

void InputDecoder::push(std::string_view bytes) {
  if (raw_read_ == raw_.size()) {
    raw_.clear();
    raw_read_ = 0;
  }
  raw_.append(bytes);
}

void InputDecoder::append_to_line(std::string_view bytes) {
  if (discarding_) return;
  // One byte more than the limit may be the CR of a CR LF.
  if (line_.size() + bytes.size() > max_line_bytes_ + 1) {
    discarding_ = true;
    line_.clear();
    return;
  }
  line_.append(bytes);
}

namespace {

// Bytes that may mean more than themselves in the data state: the end of
// a line, telnet's escape, and EOT and NUL in the places where they do.
constexpr auto may_be_special = [] {
  std::array<bool, 256> table{};
  for (const unsigned char byte : std::array<unsigned char, 4>{'\n', '\0', end_of_transmission, telnet::iac}) {
    table[byte] = true;
  }
  return table;
}();

}  // namespace

InputDecoder::Input InputDecoder::end_line() {
  line_returned_ = true;
  const auto length = line_.size() - (!line_.empty() && line_.back() == '\r' ? 1 : 0);
  if (discarding_ || length > max_line_bytes_) {
    discarding_ = false;
    line_.clear();
    return {Kind::too_long, {}, max_line_bytes_};
  }
  return {Kind::line, line_};
}

InputDecoder::Input InputDecoder::next() {
  if (line_returned_) {
    line_.clear();
    line_returned_ = false;
  }
  if (ended_) return {Kind::end, {}};

  while (raw_read_ < raw_.size()) {
    if (state_ == State::data) {
      // A line's ordinary bytes are taken as one run, not byte by byte.
      auto run_end = raw_read_;
      while (run_end < raw_.size() && !may_be_special[static_cast<unsigned char>(raw_[run_end])]) ++run_end;
      if (run_end != raw_read_) {
        append_to_line(std::string_view(raw_).substr(raw_read_, run_end - raw_read_));
        raw_read_ = run_end;
        continue;
      }
    }
    const auto byte = static_cast<unsigned char>(raw_[raw_read_++]);
    switch (state_) {
      case State::data:
        if (byte == telnet::iac) {
          state_ = State::command;
        } else if (byte == '\n') {
          return end_line();
        } else if (byte == static_cast<unsigned char>(end_of_transmission) && line_.empty() && !discarding_) {
          ended_ = true;
          return {Kind::end, {}};
        } else if (byte == '\0' && !line_.empty() && line_.back() == '\r') {
          // Telnet sends a bare carriage return as CR NUL.
        } else {
          append_to_line(std::string_view(&raw_[raw_read_ - 1], 1));
        }
        break;

      case State::command:
        state_ = State::data;
        switch (byte) {
          case telnet::iac:
            append_to_line("\xFF");
            break;
          case telnet::will: case telnet::wont: case telnet::do_: case telnet::dont:
            state_ = State::option;
            break;
          case telnet::sb:
            state_ = State::subnegotiation;
            break;
          case telnet::interrupt_process: case telnet::brk: case telnet::abort_output:
          case telnet::abort: case telnet::eof:
            ended_ = true;
            return {Kind::end, {}};
          default:  // NOP, DM, AYT, EC, EL, GA, SUSP, EOR ...: nothing to do
            break;
        }
        break;

      case State::option:  // the option code after WILL/WONT/DO/DONT
        state_ = State::data;
        break;

      case State::subnegotiation:
        if (byte == telnet::iac) state_ = State::subnegotiation_command;
        break;

      case State::subnegotiation_command:
        state_ = byte == telnet::se ? State::data : State::subnegotiation;
        break;
    }
  }
  return {Kind::need_more, {}};
}

void InputDecoder::release_spare_capacity(std::size_t keep) {
  if (raw_read_ == raw_.size() && raw_.capacity() > keep) {
    std::string().swap(raw_);
    raw_read_ = 0;
  }
  if ((line_returned_ || line_.empty()) && line_.capacity() > keep) {
    std::string().swap(line_);
    line_returned_ = false;
  }
}

InputDecoder::Input InputDecoder::finish() {
  auto input = next();
  if (input.kind != Kind::need_more) return input;
  if (line_.empty() && !discarding_) return {Kind::need_more, {}};
  return end_line();
}

}  // namespace mojifinder
