// Whole sessions of the line protocol, without sockets: the bytes a client
// sends, in pieces of the sizes the input's first byte picks, go through
// the decoder and the conversation as the TCP session drives them. Every
// reply must end in the prompt, every JSON line parse strictly, no text or
// log line hold a control that came from the client, and no piece pass its
// bound.
#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstdint>
#include <string>
#include <string_view>

#include "checked_log.hpp"
#include "fuzz_check.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/index/render.hpp"
#include "mojifinder/line/conversation.hpp"
#include "mojifinder/line/input_decoder.hpp"
#include "support/reply_checks.hpp"

namespace {

using namespace mojifinder;

// A piece holds at most a piece's bytes, a batch of lines past them, and
// the status line and prompt.
constexpr std::size_t max_piece_bytes = answer_piece_bytes + 256 * max_result_line_bytes + 256;

// Answers every input the decoder has; false once the session ends.
bool answer(InputDecoder& decoder, Conversation& conversation, bool at_end) {
  for (;;) {
    const auto input = at_end ? decoder.finish() : decoder.next();
    if (input.kind == InputDecoder::Kind::need_more) return true;
    if (input.kind == InputDecoder::Kind::end) return false;
    const auto format = conversation.format();
    if (!conversation.begin_reply(input)) return false;
    std::string reply;
    thread_local AnswerPiece piece;
    std::size_t pieces = 0;
    for (bool last = false; !last; ++pieces) {
      last = conversation.next_piece(piece);
      std::size_t bytes = 0;
      for (const auto part : piece.parts) bytes += part.size();
      FUZZ_CHECK(bytes <= max_piece_bytes);
      FUZZ_CHECK(piece.work <= work_per_call + 4096);
      FUZZ_CHECK(pieces < 1'000'000);
      for (const auto part : piece.parts) reply += part;
    }
    conversation.end_reply();
    const auto broken = test::check_reply(reply, format);
    if (!broken.empty()) std::fprintf(stderr, "%s\n", broken.c_str());
    FUZZ_CHECK(broken.empty());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 64;
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  static const auto& index = embedded_name_index();
  ServerCounters counters;
  fuzz::CheckedLog log;
  Conversation conversation(index, counters, &log);
  InputDecoder decoder(256);
  while (!bytes.empty()) {
    const auto n = std::min(chunk, bytes.size());
    decoder.push(bytes.substr(0, n));
    bytes.remove_prefix(n);
    if (!answer(decoder, conversation, false)) return 0;
  }
  answer(decoder, conversation, true);
  return 0;
}
