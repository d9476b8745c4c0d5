#include "mojifinder/http/http_message.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>

#include "mojifinder/text/ascii.hpp"

namespace mojifinder {

namespace {

using ascii::hex_value;

}  // namespace

HttpTarget split_target(std::string_view target) noexcept {
  // A fragment never reaches a server, but a client may send one anyway.
  target = target.substr(0, target.find('#'));
  if (const auto scheme = target.find("://"); scheme != std::string_view::npos && !target.starts_with('/')) {
    // Past the scheme and the authority; "http://host" alone asks for "/".
    const auto path = target.find_first_of("/?", scheme + 3);
    target = path == std::string_view::npos ? std::string_view("/") : target.substr(path);
    if (target.starts_with('?')) return {"/", target.substr(1)};
  }
  const auto question = target.find('?');
  if (question == std::string_view::npos) return {target, {}};
  return {target.substr(0, question), target.substr(question + 1)};
}

std::optional<std::string> decode_form_value(std::string_view text) {
  // Decoded, a value is never longer: it is written in place, then cut to
  // its length, with no check of the room at each byte.
  std::string out(text.size(), '\0');
  auto* to = out.data();
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      *to++ = ' ';
    } else if (c != '%') {
      *to++ = c;
    } else {
      const int high = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
      if (high < 0 || low < 0) return std::nullopt;
      *to++ = static_cast<char>(high * 16 + low);
      i += 2;
    }
  }
  out.resize(static_cast<std::size_t>(to - out.data()));
  return out;
}

void find_query_parameters(std::string_view query, std::span<const std::string_view> names,
                           std::span<std::optional<std::string_view>> raw_values) {
  for (auto& value : raw_values) value.reset();
  std::size_t unfound = names.size();
  while (!query.empty() && unfound > 0) {
    const auto amp = std::min(query.find('&'), query.size());
    const auto pair = query.substr(0, amp);
    query.remove_prefix(std::min(amp + 1, query.size()));
    const auto equals = std::min(pair.find('='), pair.size());
    // A key with nothing to decode is compared as it is.
    const auto raw_key = pair.substr(0, equals);
    std::optional<std::string> decoded_key;
    if (raw_key.find_first_of("+%") != std::string_view::npos) {
      decoded_key = decode_form_value(raw_key);
      if (!decoded_key) continue;
    }
    const std::string_view key = decoded_key ? std::string_view(*decoded_key) : raw_key;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (raw_values[i] || key != names[i]) continue;
      raw_values[i] = equals < pair.size() ? pair.substr(equals + 1) : std::string_view{};
      --unfound;
      break;
    }
  }
}

std::optional<std::string> decode_query_parameter(std::optional<std::string_view> raw_value, bool& malformed) {
  malformed = false;
  if (!raw_value) return std::nullopt;
  auto value = decode_form_value(*raw_value);
  malformed = !value;
  return value;
}

std::optional<std::string> query_parameter(std::string_view query, std::string_view name, bool& malformed) {
  std::optional<std::string_view> raw_value;
  find_query_parameters(query, std::span(&name, 1), std::span(&raw_value, 1));
  return decode_query_parameter(raw_value, malformed);
}

std::string_view reason_phrase(int status) noexcept {
  switch (status) {
    case 200: return "OK";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

void append_response_head(std::string& out, const HttpResponseHead& head) {
  out += "HTTP/1.1 ";
  out += std::to_string(head.status);
  out += ' ';
  out += reason_phrase(head.status);
  out += "\r\n";
  if (!head.content_type.empty()) {
    out += "Content-Type: ";
    out += head.content_type;
    out += "\r\n";
  }
  if (head.status == 304) {
    // No body, and nothing said of the one it stands for.
  } else if (head.content_length) {
    out += "Content-Length: ";
    out += std::to_string(*head.content_length);
    out += "\r\n";
  } else if (!head.body_until_close) {
    out += "Transfer-Encoding: chunked\r\n";
  }
  if (!head.keep_alive || head.body_until_close) out += "Connection: close\r\n";
  for (const auto& [name, value] : head.headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (!head.date.empty()) {
    out += "Date: ";
    out += head.date;
    out += "\r\n";
  }
  out += "\r\n";
}

EntityTag entity_tag(std::initializer_list<std::string_view> parts) {
  // Each part after its length, so that no two lists of parts hash the
  // same bytes.
  thread_local std::string bytes;
  bytes.clear();
  for (const auto part : parts) {
    bytes += std::to_string(part.size());
    bytes += ':';
    bytes += part;
  }
  const std::uint64_t hash = std::hash<std::string_view>{}(bytes);
  EntityTag tag;
  tag.text.front() = tag.text.back() = '"';
  static constexpr char hex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < 16; ++i) tag.text[1 + i] = hex[(hash >> (60 - 4 * i)) & 0xF];
  return tag;
}

bool none_match_names(std::string_view if_none_match, std::string_view tag) noexcept {
  // A list of entity tags, or `*`, with optional white space around the
  // commas; a tag is `"..."`, weak when after `W/`, and holds no `"`.
  std::size_t at = 0;
  const auto skip_spaces_and_commas = [&] {
    while (at < if_none_match.size() && (if_none_match[at] == ' ' || if_none_match[at] == '\t' || if_none_match[at] == ',')) {
      ++at;
    }
  };
  for (skip_spaces_and_commas(); at < if_none_match.size(); skip_spaces_and_commas()) {
    if (if_none_match[at] == '*') return true;
    if (if_none_match.compare(at, 2, "W/") == 0) at += 2;
    if (at >= if_none_match.size() || if_none_match[at] != '"') return false;  // not a list of tags
    const auto close = if_none_match.find('"', at + 1);
    if (close == std::string_view::npos) return false;
    if (if_none_match.substr(at, close + 1 - at) == tag) return true;
    at = close + 1;
  }
  return false;
}

void append_http_date(std::string& out, std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  static constexpr std::string_view days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::string_view months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = floor<std::chrono::days>(when);
  const year_month_day date(day);
  const hh_mm_ss time(floor<seconds>(when - day));
  const auto two = [&out](unsigned n) {
    out += static_cast<char>('0' + n / 10);
    out += static_cast<char>('0' + n % 10);
  };
  out += days[weekday(day).c_encoding()];
  out += ", ";
  two(static_cast<unsigned>(date.day()));
  out += ' ';
  out += months[static_cast<unsigned>(date.month()) - 1];
  out += ' ';
  out += std::to_string(static_cast<int>(date.year()));
  out += ' ';
  two(static_cast<unsigned>(time.hours().count()));
  out += ':';
  two(static_cast<unsigned>(time.minutes().count()));
  out += ':';
  two(static_cast<unsigned>(time.seconds().count()));
  out += " GMT";
}

std::string_view http_date_now() {
  thread_local std::string text;
  thread_local std::chrono::system_clock::time_point made_for{};
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  if (now != made_for || text.empty()) {
    text.clear();
    append_http_date(text, now);
    made_for = now;
  }
  return text;
}

void append_chunk_size(std::string& out, std::size_t size) {
  constexpr auto hex = ascii::lower_hex_digits;
  char digits[2 * sizeof(std::size_t)];
  std::size_t n = 0;
  do {
    digits[n++] = hex[size % 16];
    size /= 16;
  } while (size != 0);
  while (n > 0) out.push_back(digits[--n]);
  out += "\r\n";
}

}  // namespace mojifinder
