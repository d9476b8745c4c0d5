#include "mojifinder/line/input_decoder.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace mojifinder;
using namespace std::literals;
using Kind = InputDecoder::Kind;

namespace {

// Everything the decoder yields for `bytes` pushed at once, as text:
// "L:<line>" per line, "END" for an end, then "NEED" when it wants more.
// "LONG" stands for a line over the limit.
std::vector<std::string> decode(std::string_view bytes, bool finish = false,
                                std::size_t max_line = InputDecoder::default_max_line_bytes) {
  InputDecoder decoder(max_line);
  decoder.push(bytes);
  std::vector<std::string> out;
  for (;;) {
    const auto input = finish ? decoder.finish() : decoder.next();
    if (input.kind == Kind::line) out.push_back("L:" + std::string(input.line));
    if (input.kind == Kind::too_long) out.push_back("LONG");
    if (input.kind == Kind::end) {
      out.push_back("END");
      break;
    }
    if (input.kind == Kind::need_more) {
      out.push_back("NEED");
      break;
    }
  }
  return out;
}

using Out = std::vector<std::string>;

}  // namespace

TEST_CASE("decoder: lines end in LF, a CR before it stays for the stripping to remove") {
  CHECK(decode("cat face\n") == Out{"L:cat face", "NEED"});
  CHECK(decode("cat face\r\n") == Out{"L:cat face\r", "NEED"});
  CHECK(decode("\n") == Out{"L:", "NEED"});
  CHECK(decode("cat") == Out{"NEED"});
}

TEST_CASE("decoder: lines pipelined in one push come out in order") {
  CHECK(decode("a\nb\r\n\nc\n") == Out{"L:a", "L:b\r", "L:", "L:c", "NEED"});
}

TEST_CASE("decoder: a line split over many pushes is put together") {
  InputDecoder decoder;
  for (const char* piece : {"ca", "t f", "ace", "\r", "\n"}) {
    CHECK(decoder.next().kind == Kind::need_more);
    decoder.push(piece);
  }
  const auto input = decoder.next();
  CHECK(input.kind == Kind::line);
  CHECK(input.line == "cat face\r");
  CHECK(decoder.next().kind == Kind::need_more);
}

TEST_CASE("decoder: telnet option negotiation never reaches a line") {
  CHECK(decode("\xFF\xFB\x01" "cat \xFF\xFD\x03" "face\xFF\xFC\x22\xFF\xFE\x05\n") == Out{"L:cat face", "NEED"});
  // Subnegotiation, with an escaped IAC inside it.
  CHECK(decode("\xFF\xFA\x18\x00xterm\xFF\xFF\xFF\xF0" "cat\n"sv) == Out{"L:cat", "NEED"});
  // NOP, DM, AYT, GA and friends are dropped.
  CHECK(decode("c\xFF\xF1" "a\xFF\xF2t\xFF\xF6\xFF\xF9\n") == Out{"L:cat", "NEED"});
}

TEST_CASE("decoder: a negotiation split between pushes is still taken out") {
  InputDecoder decoder;
  decoder.push("cat\xFF");
  CHECK(decoder.next().kind == Kind::need_more);
  decoder.push("\xFB");
  CHECK(decoder.next().kind == Kind::need_more);
  decoder.push("\x01 face\n");
  const auto input = decoder.next();
  CHECK(input.kind == Kind::line);
  CHECK(input.line == "cat face");
}

TEST_CASE("decoder: IAC IAC is a literal 0xFF byte") {
  CHECK(decode("a\xFF\xFF" "b\n") == Out{"L:a\xFF" "b", "NEED"});
}

TEST_CASE("decoder: telnet interrupts end the session, after the lines before them") {
  CHECK(decode("\xFF\xF4\xFF\xFD\x06") == Out{"END"});  // Ctrl-C from telnet: IAC IP, IAC DO TIMING-MARK
  CHECK(decode("\xFF\xF3") == Out{"END"});              // BRK
  CHECK(decode("\xFF\xF5") == Out{"END"});              // AO
  CHECK(decode("\xFF\xEE") == Out{"END"});              // ABORT
  CHECK(decode("\xFF\xEC") == Out{"END"});              // EOF
  CHECK(decode("cat\nface\xFF\xF4" "dog\n") == Out{"L:cat", "END"});
}

TEST_CASE("decoder: after an end, it stays ended") {
  InputDecoder decoder;
  decoder.push("\xFF\xF4");
  CHECK(decoder.next().kind == Kind::end);
  decoder.push("cat\n");
  CHECK(decoder.next().kind == Kind::end);
}

TEST_CASE("decoder: Ctrl-D on its own ends the session, inside a line it is kept") {
  CHECK(decode("\x04") == Out{"END"});
  CHECK(decode("cat\n\x04") == Out{"L:cat", "END"});
  CHECK(decode("ca\x04t\n") == Out{"L:ca\x04t", "NEED"});
}

TEST_CASE("decoder: telnet's CR NUL is a bare CR") {
  CHECK(decode("cat\r\x00\n"sv) == decode("cat\r\n"));
  CHECK(decode(std::string_view("cat\r\0face\n", 10)) == Out{"L:cat\rface", "NEED"});
  CHECK(decode(std::string_view("\0cat\n", 5)) == Out{std::string("L:\0cat", 6), "NEED"});
}

TEST_CASE("decoder: at end of stream the unterminated last line is a line") {
  CHECK(decode("cat face", true) == Out{"L:cat face", "NEED"});
  CHECK(decode("a\nb", true) == Out{"L:a", "L:b", "NEED"});
  CHECK(decode("", true) == Out{"NEED"});
  CHECK(decode("a\n", true) == Out{"L:a", "NEED"});
}

TEST_CASE("decoder: pending_line_bytes counts the line being put together") {
  InputDecoder decoder;
  decoder.push("cat\xFF\xFB\x01 fa");
  CHECK(decoder.next().kind == Kind::need_more);
  CHECK(decoder.pending_line_bytes() == 6);
  decoder.push("ce\n");
  CHECK(decoder.next().kind == Kind::line);
  CHECK(decoder.pending_line_bytes() == 0);
}

TEST_CASE("decoder: a line at the limit passes, one byte over is too long, with or without CR") {
  const std::string at(8, 'a'), over(9, 'a');
  CHECK(decode(at + "\n", false, 8) == Out{"L:" + at, "NEED"});
  CHECK(decode(at + "\r\n", false, 8) == Out{"L:" + at + "\r", "NEED"});  // the CR is not counted
  CHECK(decode(std::string(7, 'a') + "\n", false, 8) == Out{"L:" + std::string(7, 'a'), "NEED"});
  CHECK(decode(over + "\n", false, 8) == Out{"LONG", "NEED"});
  CHECK(decode(over + "\r\n", false, 8) == Out{"LONG", "NEED"});
  CHECK(decode(at + "\r\r\n", false, 8) == Out{"LONG", "NEED"});  // only one CR is a line end's
}

TEST_CASE("decoder: the rest of a line too long is thrown away, and the next line is read") {
  CHECK(decode(std::string(100, 'x') + "\ncat\n", false, 8) == Out{"LONG", "L:cat", "NEED"});
  // Arriving in pieces, the discarded bytes are not kept.
  InputDecoder decoder(8);
  for (int i = 0; i < 1000; ++i) {
    decoder.push(std::string(1000, 'x'));
    CHECK(decoder.next().kind == Kind::need_more);
    CHECK(decoder.pending_line_bytes() <= 9);
  }
  decoder.push("\r\ndollar\r\n");
  CHECK(decoder.next().kind == Kind::too_long);
  const auto line = decoder.next();
  CHECK(line.kind == Kind::line);
  CHECK(line.line == "dollar\r");
}

TEST_CASE("decoder: telnet commands still work inside a line too long") {
  CHECK(decode(std::string(20, 'x') + "\xFF\xFB\x01" + "x\ncat\n", false, 8) == Out{"LONG", "L:cat", "NEED"});
  CHECK(decode(std::string(20, 'x') + "\xFF\xF4", false, 8) == Out{"END"});  // IAC IP
  // A Ctrl-D is only an end at the start of a line, and a discarded line has begun.
  CHECK(decode(std::string(20, 'x') + "\x04\n", false, 8) == Out{"LONG", "NEED"});
}

TEST_CASE("decoder: at end of stream an unterminated line too long is reported") {
  CHECK(decode("cat\n" + std::string(20, 'x'), true, 8) == Out{"L:cat", "LONG", "NEED"});
  CHECK(decode(std::string(9, 'x'), true, 8) == Out{"LONG", "NEED"});
  CHECK(decode(std::string(8, 'x'), true, 8) == Out{"L:" + std::string(8, 'x'), "NEED"});
}
