// PROXY protocol headers as a connection brings them: the same bytes, in
// reads of the sizes the input's first byte picks or taken whole, must give
// the same decision, the same header and the same count of bytes taken; a
// header never takes more than its version allows, nor a byte past its end.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "proxy_header.hpp"

namespace {

using namespace mojifinder;

struct Decision {
  ProxyHeaderReader::Outcome outcome = ProxyHeaderReader::Outcome::need_more;
  std::size_t consumed = 0;
  std::string header;
};

Decision read_all(std::string_view bytes, std::size_t chunk) {
  ProxyHeaderReader reader;
  Decision out;
  while (!bytes.empty()) {
    const auto piece = bytes.substr(0, chunk);
    const auto step = reader.read(piece);
    FUZZ_CHECK(step.consumed <= piece.size());
    out.consumed += step.consumed;
    out.outcome = step.outcome;
    if (step.outcome != ProxyHeaderReader::Outcome::need_more) break;
    FUZZ_CHECK(step.consumed == piece.size());
    bytes.remove_prefix(piece.size());
  }
  const auto& h = reader.header();
  if (out.outcome == ProxyHeaderReader::Outcome::complete) {
    FUZZ_CHECK(out.consumed <= (h.version == 1 ? ProxyHeaderReader::max_v1_bytes : ProxyHeaderReader::max_v2_bytes));
    FUZZ_CHECK(h.source.size() <= 64 && h.destination.size() <= 64);
    FUZZ_CHECK((h.kind == ProxyHeader::Kind::proxied) == !h.source.empty());
    out.header = std::to_string(h.version) + ' ' + h.source + ' ' + h.destination + ' ' + h.source_address;
  }
  if (out.outcome == ProxyHeaderReader::Outcome::failed) {
    FUZZ_CHECK(!reader.error().empty());
    out.header = reader.error();
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 32;
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto whole = read_all(bytes, bytes.size() + 1);
  const auto split = read_all(bytes, chunk);
  FUZZ_CHECK(whole.outcome == split.outcome);
  FUZZ_CHECK(whole.consumed == split.consumed);
  FUZZ_CHECK(whole.header == split.header);
  return 0;
}
