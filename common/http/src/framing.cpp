#include "framing.hpp"

#include "mojifinder/text/ascii.hpp"

namespace mojifinder::http {

namespace {

// What was searched when typos were corrected, percent-encoded beyond
// printable ASCII (a header's bytes), so that it decodes as q does.
std::string header_safe(std::string_view text) {
  std::string value;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F && byte != '%') {
      value += c;
    } else {
      value += '%';
      value += ascii::upper_hex_digits[byte >> 4];
      value += ascii::upper_hex_digits[byte & 0xF];
    }
  }
  return value;
}

}  // namespace

void append_head(std::string& out, const HttpResponse& response, const HeadFraming& framing) {
  // The thread's: its list of headers keeps its room from one response to
  // the next.
  thread_local HttpResponseHead head;
  head.headers.clear();
  head.status = response.status;
  head.content_type = response.not_modified() ? std::string_view() : response.content_type;
  head.content_length = framing.content_length;
  head.body_until_close = !framing.content_length && !framing.chunked;
  head.keep_alive = framing.keep_alive && (framing.content_length || framing.chunked);
  if (framing.gzip) head.headers.emplace_back("Content-Encoding", "gzip");
  if (response.body == HttpResponse::Body::search && !response.not_modified()) {
    const auto& search = response.search;
    head.headers.emplace_back("X-Total-Count", std::to_string(search.total));
    // The language the words were found in, without lang=: a code of
    // /languages, ASCII.
    if (!search.found_in.empty()) head.headers.emplace_back("X-Found-In-Language", std::string(search.found_in));
    if (!search.corrected.empty()) head.headers.emplace_back("X-Corrected-Query", header_safe(search.corrected));
  }
  // What a cache must key the answer by beside its URL: the encoding
  // wherever gzip could have been chosen, and the browser's language when
  // the page took it from Accept-Language.
  const bool could_gzip =
      response.body != HttpResponse::Body::bytes || !response.cache_control.empty() || response.bytes_worth_gzip();
  if (response.varies_by_language) {
    head.headers.emplace_back("Vary", "Accept-Encoding, Accept-Language");
  } else if (could_gzip) {
    head.headers.emplace_back("Vary", "Accept-Encoding");
  }
  if (!response.cache_control.empty()) head.headers.emplace_back("Cache-Control", response.cache_control);
  if (response.tagged) head.headers.emplace_back("ETag", response.etag.view());
  // Every body is what its Content-Type says, and a browser is told not to
  // guess otherwise.
  head.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (!response.security_policy.empty()) {
    head.headers.emplace_back("Content-Security-Policy", response.security_policy);
    head.headers.emplace_back("Referrer-Policy", "no-referrer");
  }
  if (!response.allow.empty()) head.headers.emplace_back("Allow", response.allow);
  head.date = http_date_now();  // an origin server with a clock sends it (RFC 9110 6.6.1)
  append_response_head(out, head);
}

void frame_piece(std::vector<std::string_view>& out, std::string& framing, std::span<const std::string_view> content,
                 std::size_t size, bool last, const BodyFraming& body) {
  if (body.head_only) {
    if (!framing.empty()) out.push_back(framing);
    return;
  }
  const bool chunk = body.chunked && size > 0;
  if (chunk) append_chunk_size(framing, size);
  if (!framing.empty()) out.push_back(framing);
  for (const auto part : content) out.push_back(part);
  if (chunk) out.push_back(chunk_end);
  if (body.chunked && last) out.push_back(last_chunk);
}

}  // namespace mojifinder::http
