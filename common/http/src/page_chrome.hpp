// The page's chrome: what comes around the rows of results on the page
// (the top with the form, the caption and the view links; the bottom with
// the pager), from its template and the search's reply alone. A stage
// before gzip and the framing. Internal to mojifinder::http.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "http_response.hpp"
#include "mojifinder/index/name_index.hpp"

namespace mojifinder::http {

// Results the page shows, once they are counted.
std::size_t page_shown(const SearchReply& search) noexcept;

// The page up to its rows; `index` names the languages of its menu.
void append_page_top(std::string& out, const NameIndex& index, const SearchReply& search);
// The page after its rows.
void append_page_bottom(std::string& out, const SearchReply& search);

// The stage: `content` gets the page's top (with the first piece), the
// piece's rows, and the page's bottom (with the last), whose bytes
// `around` holds. A search's answer, which has no chrome, passes as it is.
void add_page_chrome(std::vector<std::string_view>& content, std::string& around,
                     std::span<const std::string_view> rows, const NameIndex& index, const HttpResponse& response,
                     bool first, bool last);

}  // namespace mojifinder::http
