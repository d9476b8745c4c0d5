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

// Where the script, the style and the icon are served: a name that holds
// a digest of the file's bytes (`/static/mojifinder.<16 hex digits>.js`),
// so that it may be kept for good; the page links to these.
std::string_view script_path() noexcept;
std::string_view style_path() noexcept;
std::string_view icon_path() noexcept;
// A digest of the program's version, the page and its files, and the
// API's description (16 hex digits): with the index's, what a web answer
// is made from besides the request.
std::string_view digest() noexcept;

}  // namespace mojifinder::web
