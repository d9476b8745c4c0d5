#include "mojifinder/query/query.hpp"

#include "mojifinder/text/ascii.hpp"

#include "mojifinder/index/render.hpp"
#include "mojifinder/text/utf8.hpp"
#include "mojifinder/text/words.hpp"

namespace mojifinder {

namespace {

// Unicode's Cc: C0, DEL and C1.
bool is_control(char32_t cp) noexcept { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

}  // namespace

std::optional<char32_t> first_control_character(std::string_view text) noexcept {
  for (auto rest = text; !rest.empty();) {
    if (const auto byte = static_cast<unsigned char>(rest.front()); byte < 0x80) {
      if (is_control(byte) && !is_white_space(byte)) return byte;
      rest.remove_prefix(1);
      continue;
    }
    const auto decoded = utf8::decode(rest);
    if (!decoded) return std::nullopt;
    if (is_control(decoded->code_point) && !is_white_space(decoded->code_point)) return decoded->code_point;
    rest.remove_prefix(decoded->length);
  }
  return std::nullopt;
}

std::optional<QueryError> check_query_text(std::string_view text) {
  if (!utf8::is_valid(text)) return not_utf8_error();
  if (const auto control = first_control_character(text)) return control_character_error(*control);
  return std::nullopt;
}

QueryError not_utf8_error() { return {QueryError::Code::not_utf8, "query is not valid UTF-8"}; }

QueryError control_character_error(char32_t control) {
  QueryError error{QueryError::Code::control_character, "query contains a control character ("};
  append_code_point_label(error.detail, control);
  error.detail += ')';
  return error;
}

std::optional<Order> parse_order(std::string_view name) noexcept {
  // Any case, as language codes are.
  if (ascii::equal_ignoring_case(name, "codepoint")) return Order::codepoint;
  if (ascii::equal_ignoring_case(name, "relevance")) return Order::relevance;
  return std::nullopt;
}

std::string_view order_name(Order order) noexcept { return order == Order::relevance ? "relevance" : "codepoint"; }

}  // namespace mojifinder
