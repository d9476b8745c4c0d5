// Telnet stripping and line framing: whatever bytes a client sends, and
// however the network splits them, the session sees the same inputs, and
// no line is longer than the limit.
//
// Input: one byte for the line limit, one that seeds the split into
// reads, then the stream.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "mojifinder/line/input_decoder.hpp"

namespace {

using mojifinder::InputDecoder;

struct Decoded {
  InputDecoder::Kind kind;
  std::string line;
  bool operator==(const Decoded&) const = default;
};

// Decodes as a session does: push what was read, take every complete
// input, and at the end of the stream take what finish() gives. Stops at
// an input that ends the session. A zero `seed` pushes the stream whole;
// otherwise reads of 1 to 40 bytes, now and then giving spare buffer
// space back between inputs, as a session does after each answer.
std::vector<Decoded> decode(std::string_view stream, std::size_t max_line, unsigned seed) {
  InputDecoder decoder(max_line);
  std::vector<Decoded> inputs;
  unsigned state = seed;
  const auto random = [&state] {
    state = state * 1103515245u + 12345u;
    return (state >> 16) & 0x7FFF;
  };
  const auto take = [&](InputDecoder::Input input) {
    if (input.kind == InputDecoder::Kind::need_more) return false;
    inputs.push_back({input.kind, std::string(input.line)});
    if (seed != 0 && random() % 3 == 0) decoder.release_spare_capacity(random() % 8);
    return true;
  };
  bool ended = false;
  while (!stream.empty() && !ended) {
    const std::size_t read = seed == 0 ? stream.size() : std::min<std::size_t>(stream.size(), 1 + random() % 40);
    decoder.push(stream.substr(0, read));
    stream.remove_prefix(read);
    while (!ended && take(decoder.next())) ended = inputs.back().kind == InputDecoder::Kind::end;
  }
  while (!ended && take(decoder.finish())) ended = inputs.back().kind == InputDecoder::Kind::end;
  return inputs;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  // Small limits, so that short inputs reach the too-long path.
  const std::size_t max_line = 1 + data[0] % 64;
  const unsigned seed = 1u + data[1];
  const std::string_view stream(reinterpret_cast<const char*>(data) + 2, size - 2);

  const auto whole = decode(stream, max_line, 0);
  FUZZ_CHECK(decode(stream, max_line, seed) == whole);

  for (std::size_t i = 0; i < whole.size(); ++i) {
    const auto& [kind, line] = whole[i];
    FUZZ_CHECK(kind != InputDecoder::Kind::need_more);
    FUZZ_CHECK(kind == InputDecoder::Kind::line || line.empty());
    FUZZ_CHECK(line.find('\n') == std::string::npos);
    // The CR of a CR LF is the one byte allowed past the limit.
    FUZZ_CHECK(line.size() <= max_line || (line.size() == max_line + 1 && line.back() == '\r'));
    FUZZ_CHECK(kind != InputDecoder::Kind::end || i + 1 == whole.size());
  }
  // Every input comes from bytes sent: no more inputs than LF bytes, plus
  // an unterminated last line and an end.
  std::size_t line_ends = 0;
  for (const char c : stream) line_ends += c == '\n';
  FUZZ_CHECK(whole.size() <= line_ends + 2);
  return 0;
}
