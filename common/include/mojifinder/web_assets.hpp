// The web page's files, compiled into the library from common/web/.
#pragma once

#include <string_view>

namespace mojifinder::web {

// The page, with `{{name}}` where the server puts what a request asks
// (the query, the caption, the rows).
std::string_view page_template() noexcept;
std::string_view script() noexcept;      // mojifinder.js
std::string_view style() noexcept;       // mojifinder.css
std::string_view icon() noexcept;        // favicon.svg
std::string_view openapi() noexcept;     // openapi.json: OpenAPI 3.1

}  // namespace mojifinder::web
