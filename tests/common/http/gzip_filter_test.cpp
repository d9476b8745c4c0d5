// The gzip stage alone: each piece flushed so that a client can show what
// came, the last one ending the stream, and the thread's filter reset for
// each body compressed in one go.
#include "gzip_filter.hpp"

#include <doctest/doctest.h>
#include <zlib.h>

#include <array>
#include <string>
#include <string_view>

#include "support/http_response.hpp"

using mojifinder::http::GzipFilter;

namespace {

// What a client has decoded once `compressed` has come, the stream not
// necessarily ended.
std::string inflate_so_far(std::string_view compressed) {
  z_stream stream{};
  REQUIRE(inflateInit2(&stream, 16 + MAX_WBITS) == Z_OK);
  std::string out;
  std::array<char, 4096> buffer;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
    stream.avail_out = static_cast<uInt>(buffer.size());
    status = inflate(&stream, Z_SYNC_FLUSH);
    out.append(buffer.data(), buffer.size() - stream.avail_out);
    if (stream.avail_in == 0 && stream.avail_out != 0) break;
  }
  inflateEnd(&stream);
  return out;
}

}  // namespace

TEST_CASE("gzip filter: each piece decodes as it comes, and the last one ends the stream") {
  GzipFilter filter;
  REQUIRE(filter.ok());
  const std::array<std::string_view, 2> first{"[{\"char\":\"\xF0\x9F\x90\xB1\",", "\"name\":\"CAT FACE\"},"};
  const std::array<std::string_view, 1> second{"{\"char\":\"\xF0\x9F\x98\xBA\",\"name\":\"SMILING CAT FACE\"}]"};
  std::string wire, out;
  filter.compress(first, false, out);
  wire += out;
  // A sync flush: all that was given decodes, and the stream goes on.
  CHECK(inflate_so_far(wire) == std::string(first[0]) + std::string(first[1]));
  CHECK_THROWS(mojifinder::test::gunzip(wire));
  filter.compress(second, true, out);
  wire += out;
  CHECK(mojifinder::test::gunzip(wire) ==
        std::string(first[0]) + std::string(first[1]) + std::string(second[0]));
}

TEST_CASE("gzip filter: a piece larger than its first room, and an empty last piece") {
  GzipFilter filter;
  REQUIRE(filter.ok());
  // Bytes that do not compress: deflate needs more than deflateBound's
  // room for the parts when flushed piece by piece.
  std::string noise;
  unsigned state = 12345;
  for (int i = 0; i < 200'000; ++i) {
    state = state * 1103515245 + 12345;
    noise += static_cast<char>(state >> 16);
  }
  std::string wire, out;
  const std::array<std::string_view, 1> part{noise};
  filter.compress(part, false, out);
  wire += out;
  filter.compress({}, true, out);
  wire += out;
  CHECK(mojifinder::test::gunzip(wire) == noise);
}

TEST_CASE("gzip filter: the thread's filter is reset for each body compressed in one go") {
  const std::string_view body = "{\"detail\":\"Not Found\"}";
  std::string out;
  auto* filter = GzipFilter::for_one_body();
  REQUIRE(filter != nullptr);
  filter->compress(std::span(&body, 1), true, out);
  const std::string first = out;
  // The same filter, again: a stream of its own, not the end of the last.
  REQUIRE(GzipFilter::for_one_body() == filter);
  filter->compress(std::span(&body, 1), true, out);
  CHECK(out == first);
  CHECK(mojifinder::test::gunzip(out) == body);
}
