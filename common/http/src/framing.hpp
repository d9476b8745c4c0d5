// The last stages of a response: its head, as this connection sends it,
// and each piece of its body on the wire (with its length, in chunks, or
// until the close). Internal to mojifinder::http.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "http_response.hpp"

namespace mojifinder::http {

// What the connection decided about a response's head.
struct HeadFraming {
  std::optional<std::size_t> content_length;  // nullopt: chunked, or until the close
  bool chunked = true;     // HTTP/1.1; HTTP/1.0 gets a body that ends with the connection
  bool keep_alive = true;
  bool gzip = false;       // the body is gzipped
};

// The status line and the headers of `response`, then the empty line.
void append_head(std::string& out, const HttpResponse& response, const HeadFraming& framing);

// How a body's pieces go on the wire.
struct BodyFraming {
  bool chunked = false;    // each piece a chunk, the last followed by the last chunk
  bool head_only = false;  // HEAD, or 304: the head alone
};

// Appends to `out` the wire parts of one piece of body: `framing` (the
// head, for the first piece; a chunk's size is appended to it), then
// `content`, whose bytes number `size`, then the chunk's end.
void frame_piece(std::vector<std::string_view>& out, std::string& framing, std::span<const std::string_view> content,
                 std::size_t size, bool last, const BodyFraming& body);

}  // namespace mojifinder::http
