// The gzip stage: a filter over the pieces of one body, after the route
// and the page's chrome, before the framing. Internal to mojifinder::http.
#pragma once

#include <zlib.h>

#include <span>
#include <string>
#include <string_view>

namespace mojifinder::http {

class GzipFilter {
 public:
  GzipFilter();
  ~GzipFilter();
  GzipFilter(const GzipFilter&) = delete;
  GzipFilter& operator=(const GzipFilter&) = delete;

  // Whether zlib could start the stream; a filter that could not is not
  // used (the body goes as it is).
  bool ok() const noexcept { return ok_; }

  // Compresses `parts` into `out` (replacing it): flushed so that the
  // client can show what came, or finished for the last piece.
  void compress(std::span<const std::string_view> parts, bool last, std::string& out);

  // The thread's filter, reset, for a body compressed in one go: it holds
  // its tens of kilobytes for the thread, not for each connection whose
  // client has yet to read the answer. Null when zlib could not start one.
  static GzipFilter* for_one_body();

 private:
  z_stream stream_{};
  bool ok_ = false;
};

}  // namespace mojifinder::http
