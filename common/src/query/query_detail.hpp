// What the files of the query language share. Internal to
// mojifinder::common.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mojifinder/query.hpp"

namespace mojifinder::query_detail {

// What start() and its helpers give back: an error, or nothing.
using MaybeError = std::optional<QueryError>;

inline QueryError malformed_query(std::string detail) { return {QueryError::Code::malformed, std::move(detail)}; }

// `U+` or `u+` first: a code point, or a try at one.
inline bool is_code_point_like(std::string_view token) noexcept {
  return token.size() >= 2 && (token[0] == 'U' || token[0] == 'u') && token[1] == '+';
}

}  // namespace mojifinder::query_detail
