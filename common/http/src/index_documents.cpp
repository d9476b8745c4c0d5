// The JSON documents made from the index, once per thread and index: the
// languages it holds (GET /languages, and the page's menu) and the API's
// description with the versions of its data.
#include "index_documents.hpp"

#include "mojifinder/front_end/language_name.hpp"
#include "mojifinder/http/web_assets.hpp"
#include "mojifinder/text/escape.hpp"

namespace mojifinder::http {

const std::vector<std::pair<std::string_view, std::string>>& language_names(const NameIndex& index) {
  thread_local const NameIndex* named_for = nullptr;
  thread_local std::vector<std::pair<std::string_view, std::string>> names;
  if (named_for != &index) {
    names.clear();
    for (const auto& locale : index.locales()) names.emplace_back(locale.code(), language_name(locale.code()));
    named_for = &index;
  }
  return names;
}

// GET /languages: [{"code":"af","name":"Afrikaans"},...].
std::string_view languages_json(const NameIndex& index) {
  thread_local const NameIndex* made_for = nullptr;
  thread_local std::string json;
  if (made_for != &index) {
    json.assign(1, '[');  // not = "[": GCC 12 warns falsely (-Wrestrict) where it is inlined
    for (const auto& [code, name] : language_names(index)) {
      if (json.size() > 1) json += ',';
      json += "{\"code\":\"";
      append_json_text(json, code);
      json += "\",\"name\":\"";
      append_json_text(json, name);
      json += "\"}";
    }
    json += ']';
    made_for = &index;
  }
  return json;
}

std::string_view openapi_document(const NameIndex& index) {
  // The description with the versions of the data this index holds in
  // info's x-data-versions: made once per thread and index.
  thread_local const NameIndex* made_for = nullptr;
  thread_local std::string document;
  if (made_for != &index) {
    constexpr std::string_view marker = "\"x-data-versions\": {}";
    const auto source = web::openapi();
    const auto at = source.find(marker);
    document.assign(source.substr(0, at));
    if (at != std::string_view::npos) {
      index.append_versions(document, {"\"x-data-versions\": {\"unicode\": \"", "\", \"emoji\": \"", "\", \"cldr\": \"", "\"}"},
                             append_json_text);
      document.append(source.substr(at + marker.size()));
    }
    made_for = &index;
  }
  return document;
}

}  // namespace mojifinder::http
