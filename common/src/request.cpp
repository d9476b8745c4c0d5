#include "mojifinder/request.hpp"

#include "mojifinder/utf8.hpp"
#include "mojifinder/words.hpp"

namespace mojifinder {

Request parse_request(std::string_view line) noexcept {
  if (!utf8::is_valid(line)) return {Request::Kind::end_session, {}};
  const auto query = strip_white_space(line);
  if (query.empty()) return {Request::Kind::empty, query};
  if (static_cast<unsigned char>(query.front()) < 0x20) return {Request::Kind::end_session, query};
  return {Request::Kind::search, query};
}

}  // namespace mojifinder
