// HTTP responses read back for the tests: the status line, the headers,
// the body with its chunks put together and its gzip undone, and what came
// after it (the next pipelined response).
#pragma once

#include <zlib.h>

#include <cstddef>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mojifinder::test {

struct HttpResponse {
  std::string status_line;                    // HTTP/1.1 200 OK
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string head;                           // every byte up to the empty line, which it includes
  std::string body;                           // as the client sees it: dechunked, gunzipped
  std::string wire_body;                      // as it came
  std::size_t chunks = 0;                     // data chunks, when chunked

  std::string header(const std::string& name) const {
    const auto found = headers.find(name);
    return found == headers.end() ? std::string() : found->second;
  }
};

// Whether `value` is an IMF-fixdate (`Wed, 02 Dec 2026 16:40:00 GMT`).
inline bool is_http_date(std::string_view value) {
  static constexpr std::string_view shape = "Aaa, 00 Aaa 0000 00:00:00 GMT";
  if (value.size() != shape.size()) return false;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    const char want = shape[i], got = value[i];
    const bool fits = want == '0'   ? got >= '0' && got <= '9'
                      : want == 'A' ? got >= 'A' && got <= 'Z'
                      : want == 'a' ? got >= 'a' && got <= 'z'
                                    : got == want;
    if (!fits) return false;
  }
  return true;
}

// `Date: ` and an IMF-fixdate and CR LF.
inline constexpr std::size_t date_line_bytes = 37;

// Takes every `Date:` line out of `bytes` (responses, as they came), so
// that the rest can be compared byte for byte; returns how many there
// were, or throws if one is not a date.
inline std::size_t take_dates(std::string& bytes) {
  std::size_t dates = 0;
  for (std::size_t at = 0; (at = bytes.find("\r\nDate: ", at)) != std::string::npos;) {
    const auto value = at + 8;
    const auto end = bytes.find("\r\n", value);
    if (end == std::string::npos || !is_http_date(std::string_view(bytes).substr(value, end - value))) {
      throw std::runtime_error("a Date header that is not an IMF-fixdate");
    }
    bytes.erase(at + 2, end - at);
    ++dates;
  }
  return dates;
}

// Whether `value` is a strong entity tag as the server makes them: `"`,
// 16 lower-case hex digits, `"`.
inline bool is_server_entity_tag(std::string_view value) {
  if (value.size() != 18 || value.front() != '"' || value.back() != '"') return false;
  return value.substr(1, 16).find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// The value of the first `ETag:` line of `bytes` (responses, as they
// came), so that an exact comparison can hold it where it must be; throws
// when there is none or it is not such a tag.
inline std::string entity_tag_in(std::string_view bytes) {
  const auto at = bytes.find("\r\nETag: ");
  if (at == std::string_view::npos) throw std::runtime_error("no ETag");
  const auto value = at + 8;
  const auto end = bytes.find("\r\n", value);
  const auto tag = bytes.substr(value, end - value);
  if (!is_server_entity_tag(tag)) throw std::runtime_error("an ETag that is not a strong tag of 16 hex digits");
  return std::string(tag);
}

inline std::string gunzip(std::string_view compressed) {
  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("inflateInit2 failed");
  std::string out;
  char buffer[64 * 1024];
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    status = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
    if (status == Z_BUF_ERROR && stream.avail_in == 0) break;
  }
  const bool complete = status == Z_STREAM_END;
  inflateEnd(&stream);
  if (!complete) throw std::runtime_error("the gzip stream is not complete");
  return out;
}

// Reads one response from the front of `bytes`, which it removes; nullopt
// when the response is not all there. `head_only`: the response to a HEAD,
// which has no body whatever its headers say. A body without length or
// chunks runs to the end of `bytes` (the connection's end).
inline std::optional<HttpResponse> take_response(std::string& bytes, bool head_only = false) {
  const auto head_end = bytes.find("\r\n\r\n");
  if (head_end == std::string::npos) return std::nullopt;
  HttpResponse response;
  response.head = bytes.substr(0, head_end + 4);
  std::string_view head(response.head);
  const auto first_end = head.find("\r\n");
  response.status_line = std::string(head.substr(0, first_end));
  response.status = std::stoi(response.status_line.substr(9, 3));
  for (auto rest = head.substr(first_end + 2); rest.size() > 2;) {
    const auto line = rest.substr(0, rest.find("\r\n"));
    rest.remove_prefix(line.size() + 2);
    const auto colon = line.find(':');
    std::string name(line.substr(0, colon));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    response.headers[name] = std::string(value);
  }
  std::size_t at = head_end + 4;
  if (head_only || response.status == 304) {  // a 304 has no body (RFC 9110 15.4.5)
    bytes.erase(0, at);
    return response;
  }
  if (response.headers.contains("content-length")) {
    const auto length = std::stoul(response.header("content-length"));
    if (bytes.size() < at + length) return std::nullopt;
    response.wire_body = bytes.substr(at, length);
    response.body = response.wire_body;
    at += length;
  } else if (response.header("transfer-encoding") == "chunked") {
    // Whether every chunk is there, first, by their sizes alone: a long
    // answer read a piece at a time is looked at after every read, and
    // copying it each time would make reading it quadratic.
    for (auto end = at;;) {
      const auto line_end = bytes.find("\r\n", end);
      if (line_end == std::string::npos) return std::nullopt;
      const auto size = std::stoul(bytes.substr(end, line_end - end), nullptr, 16);
      if (bytes.size() < line_end + 2 + size + 2) return std::nullopt;
      end = line_end + 2 + size + 2;
      if (size == 0) break;
    }
    for (;;) {
      const auto line_end = bytes.find("\r\n", at);
      if (line_end == std::string::npos) return std::nullopt;
      const auto size = std::stoul(bytes.substr(at, line_end - at), nullptr, 16);
      if (bytes.size() < line_end + 2 + size + 2) return std::nullopt;
      if (bytes.compare(line_end + 2 + size, 2, "\r\n") != 0) throw std::runtime_error("a chunk without its CR LF");
      response.body += bytes.substr(line_end + 2, size);
      response.wire_body += bytes.substr(at, line_end + 2 + size + 2 - at);
      at = line_end + 2 + size + 2;
      if (size == 0) break;
      ++response.chunks;
    }
  } else {
    response.wire_body = bytes.substr(at);
    response.body = response.wire_body;
    at = bytes.size();
  }
  if (response.header("content-encoding") == "gzip") response.body = gunzip(response.body);
  bytes.erase(0, at);
  return response;
}

}  // namespace mojifinder::test
