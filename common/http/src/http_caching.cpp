// What HTTP caches key an answer by: the strong entity tag of an answer
// made from the index, the web files and the request alone, and the 304
// for a client that has it already.
#include "http_reply.hpp"

#include "mojifinder/http/http_message.hpp"
#include "mojifinder/http/web_assets.hpp"

namespace mojifinder {

using namespace http;

std::string_view HttpConversation::index_identity() const {
  // The web files' digest and the index's, in hex: made once per thread
  // and index.
  thread_local const NameIndex* made_for = nullptr;
  thread_local std::string identity;
  if (made_for != &index_) {
    identity.assign(web::digest());
    identity += '-';
    static constexpr char hex[] = "0123456789abcdef";
    for (int shift = 60; shift >= 0; shift -= 4) identity += hex[(index_.content_digest() >> shift) & 0xF];
    made_for = &index_;
  }
  return identity;
}

void HttpConversation::tag_entity(std::string_view identity, std::string_view target,
                                  std::string_view if_none_match) {
  auto& reply = *reply_;
  // Besides the request's target, an answer depends on what the server
  // chose from its headers: gzip, and the browser's language for a page.
  const bool gzipped = reply.accepts_gzip && reply.may_gzip();
  const auto language = reply.browser_language ? reply.browser_language->code() : std::string_view();
  reply.etag = entity_tag({identity, target, gzipped ? "gzip" : "", language});
  reply.tagged = true;
  if (!if_none_match.empty() && none_match_names(if_none_match, reply.etag.view())) {
    reply.status = 304;
    reply.body = {};
  }
}

}  // namespace mojifinder
