#include "gzip_filter.hpp"

namespace mojifinder::http {

namespace {

// Compression of long answers: the fastest level, and a small window and
// hash, so that a client that accepts gzip and reads nothing costs tens
// of kilobytes, not the 256 KB of zlib's defaults. Names repeat within a
// few hundred bytes, so little is lost.
constexpr int gzip_level = 1;
constexpr int gzip_window_bits = 12;
constexpr int gzip_memory_level = 5;

}  // namespace

GzipFilter::GzipFilter() {
  ok_ = deflateInit2(&stream_, gzip_level, Z_DEFLATED, 16 + gzip_window_bits, gzip_memory_level,
                     Z_DEFAULT_STRATEGY) == Z_OK;
}

GzipFilter::~GzipFilter() {
  if (ok_) deflateEnd(&stream_);
}

GzipFilter* GzipFilter::for_one_body() {
  thread_local GzipFilter gzip;
  if (!gzip.ok_ || deflateReset(&gzip.stream_) != Z_OK) return nullptr;
  return &gzip;
}

void GzipFilter::compress(std::span<const std::string_view> parts, bool last, std::string& out) {
  std::size_t input = 0;
  for (const auto part : parts) input += part.size();
  out.resize(deflateBound(&stream_, input) + 64);
  std::size_t used = 0;
  // Runs deflate once with room in `out`, which grows when full.
  const auto step = [&](int flush) {
    if (used == out.size()) out.resize(out.size() * 2);
    stream_.next_out = reinterpret_cast<Bytef*>(out.data() + used);
    stream_.avail_out = static_cast<uInt>(out.size() - used);
    const int status = deflate(&stream_, flush);
    used = out.size() - stream_.avail_out;
    return status;
  };
  for (const auto part : parts) {
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(part.data()));
    stream_.avail_in = static_cast<uInt>(part.size());
    while (stream_.avail_in > 0) {
      if (step(Z_NO_FLUSH) == Z_STREAM_ERROR) break;
    }
  }
  // A sync flush is done when deflate leaves room unused; a finish when
  // it says the stream_ has ended.
  for (;;) {
    const int status = step(last ? Z_FINISH : Z_SYNC_FLUSH);
    if (status == Z_STREAM_END || status == Z_STREAM_ERROR || (!last && used < out.size())) break;
  }
  out.resize(used);
}

}  // namespace mojifinder::http
