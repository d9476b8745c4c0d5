// The documents made from the index, once per thread and index: the
// languages it holds and their names, the API's description with the
// versions of its data, and what an answer's entity tag is made from.
// Internal to mojifinder::http.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http_response.hpp"
#include "mojifinder/index/name_index.hpp"

namespace mojifinder::http {

// The languages, and what each is called in itself: the same for every
// request, so made once per thread.
const std::vector<std::pair<std::string_view, std::string>>& language_names(const NameIndex& index);
// GET /languages: [{"code":"af","name":"Afrikaans"},...].
std::string_view languages_json(const NameIndex& index);
// GET /openapi.json, saying which versions of Unicode, emoji and CLDR the
// index holds.
std::string_view openapi_document(const NameIndex& index);

// What an answer made from the index is made from besides the request:
// the web files' digest and the index's.
std::string_view index_identity(const NameIndex& index);
// Gives `response`, made from `identity` and the request alone, its
// entity tag, and makes it a 304 when `if_none_match` names it. Besides
// the target, the tag says what the server chose from the request's
// headers: gzip, and the browser's language for a page.
void tag_entity(HttpResponse& response, std::string_view identity, std::string_view target,
                std::string_view if_none_match, bool accepts_gzip);

}  // namespace mojifinder::http
