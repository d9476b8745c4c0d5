// What HTTP caches key an answer by: the strong entity tag of an answer
// made from the index, the web files and the request alone, and the 304
// for a client that has it already.
#include "index_documents.hpp"

#include "mojifinder/http/http_message.hpp"
#include "mojifinder/http/web_assets.hpp"

namespace mojifinder::http {

std::string_view index_identity(const NameIndex& index) {
  // The web files' digest and the index's, in hex: made once per thread
  // and index.
  thread_local const NameIndex* made_for = nullptr;
  thread_local std::string identity;
  if (made_for != &index) {
    identity.assign(web::digest());
    identity += '-';
    static constexpr char hex[] = "0123456789abcdef";
    for (int shift = 60; shift >= 0; shift -= 4) identity += hex[(index.content_digest() >> shift) & 0xF];
    made_for = &index;
  }
  return identity;
}

void tag_entity(HttpResponse& response, std::string_view identity, std::string_view target,
                std::string_view if_none_match, bool accepts_gzip) {
  const bool gzipped = accepts_gzip && response.may_gzip();
  const auto* browser_language = response.search.browser_language;
  const auto language = browser_language ? browser_language->code() : std::string_view();
  response.etag = entity_tag({identity, target, gzipped ? "gzip" : "", language});
  response.tagged = true;
  if (!if_none_match.empty() && none_match_names(if_none_match, response.etag.view())) {
    response.status = 304;
    response.borrow({});
  }
}

}  // namespace mojifinder::http
