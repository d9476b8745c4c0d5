// HTTP requests as a connection brings them: the same bytes, split into
// reads of the sizes the input's first byte picks or taken whole, must give
// the same requests, and fail at the same request if at all; nothing kept
// passes its bound; every read takes no more than it was given. (Which
// status a request that is both too long and malformed gets depends on
// where the reads split it: the bound is checked as the bytes come, the
// syntax as llhttp reaches them.)
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "mojifinder/http/http_request.hpp"

namespace {

using namespace mojifinder;

std::vector<std::string> read_all(std::string_view bytes, std::size_t chunk) {
  const HttpRequestReader::Limits limits{.max_target_bytes = 64, .max_header_bytes = 128, .max_headers = 4,
                                         .max_body_bytes = 32};
  HttpRequestReader reader(limits);
  std::vector<std::string> out;
  std::string pending;
  while (!bytes.empty()) {
    const auto n = std::min(chunk, bytes.size());
    pending.append(bytes.substr(0, n));
    bytes.remove_prefix(n);
    for (;;) {
      const auto step = reader.read(pending);
      FUZZ_CHECK(step.consumed <= pending.size());
      pending.erase(0, step.consumed);
      if (step.outcome == HttpRequestReader::Outcome::failed) {
        const auto status = reader.failure().status;
        FUZZ_CHECK(status == 400 || status == 413 || status == 414 || status == 431);
        out.push_back("failed");
        return out;
      }
      if (step.outcome == HttpRequestReader::Outcome::need_more) {
        FUZZ_CHECK(pending.empty());
        break;
      }
      const auto& r = reader.request();
      FUZZ_CHECK(r.target.size() <= limits.max_target_bytes);
      FUZZ_CHECK(r.host.size() <= limits.max_header_bytes);
      out.push_back(r.method + ' ' + r.target + ' ' + std::to_string(r.version_major) + '.' +
                    std::to_string(r.version_minor) + (r.keep_alive ? " k" : " c") + (r.accepts_gzip ? " g " : " i ") +
                    r.host);
      reader.next();
    }
  }
  if (reader.finish() == HttpRequestReader::Outcome::failed) out.push_back("failed");
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 32;
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto whole = read_all(bytes, bytes.size() + 1);
  const auto split = read_all(bytes, chunk);
  FUZZ_CHECK(whole == split);
  return 0;
}
