#include "mojifinder/request.hpp"

#include <string>

#include "mojifinder/render.hpp"
#include "mojifinder/utf8.hpp"
#include "mojifinder/words.hpp"

namespace mojifinder {

namespace {

// Unicode's Cc: C0, DEL and C1.
bool is_control(char32_t cp) noexcept { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

}  // namespace

Request parse_request(std::string_view line) noexcept {
  if (!utf8::is_valid(line)) return {Request::Kind::invalid_utf8, {}};
  const auto query = strip_white_space(line);
  if (query.empty()) return {Request::Kind::empty, query};
  if (static_cast<unsigned char>(query.front()) < 0x20) return {Request::Kind::end_session, query};
  for (auto rest = query; !rest.empty();) {
    if (const auto byte = static_cast<unsigned char>(rest.front()); byte < 0x80) {
      if (is_control(byte) && !is_white_space(byte)) return {Request::Kind::control_character, query, byte};
      rest.remove_prefix(1);
      continue;
    }
    const auto decoded = utf8::decode(rest);  // valid: checked above
    if (is_control(decoded->code_point) && !is_white_space(decoded->code_point)) {
      return {Request::Kind::control_character, query, decoded->code_point};
    }
    rest.remove_prefix(decoded->length);
  }
  if (query.front() == '/') return {Request::Kind::command, query};
  return {Request::Kind::search, query};
}

std::string error_message(const Request& request) {
  switch (request.kind) {
    case Request::Kind::invalid_utf8:
      return "error: query is not valid UTF-8";
    case Request::Kind::control_character: {
      std::string message = "error: query contains a control character (";
      append_code_point_label(message, request.control);
      return message + ")";
    }
    default:
      return {};
  }
}

}  // namespace mojifinder
