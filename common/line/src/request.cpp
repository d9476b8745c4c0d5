#include "mojifinder/line/request.hpp"

#include "mojifinder/text/utf8.hpp"
#include "mojifinder/text/words.hpp"

namespace mojifinder {

Request parse_request(std::string_view line) {
  if (!utf8::is_valid(line)) return {Request::Kind::invalid_utf8, {}, not_utf8_error()};
  const auto query = strip_white_space(line);
  if (query.empty()) return {Request::Kind::empty, query, std::nullopt};
  if (static_cast<unsigned char>(query.front()) < 0x20) return {Request::Kind::end_session, query, std::nullopt};
  if (const auto control = first_control_character(query)) {
    return {Request::Kind::control_character, query, control_character_error(*control), *control};
  }
  if (query.front() == '/') return {Request::Kind::command, query, std::nullopt};
  return {Request::Kind::search, query, std::nullopt};
}

}  // namespace mojifinder
