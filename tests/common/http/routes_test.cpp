// The routes' handlers alone: each returns its response (status, headers
// chosen, body) and writes nothing; the stages after them are tested on
// their own (framing_test, gzip_filter_test, page_chrome_test).
#include "handlers.hpp"

#include <doctest/doctest.h>

#include <string>

#include "index_documents.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/http/web_assets.hpp"

using namespace mojifinder;
using namespace mojifinder::http;

namespace {

HttpRequest request_for(std::string target, std::string method = "GET") {
  HttpRequest request;
  request.method = std::move(method);
  request.target = std::move(target);
  return request;
}

struct Handlers {
  ServerCounters counters;
  LentAnswerStream answer;
  HandlerContext context{embedded_name_index(), counters, answer};

  HttpResponse get(std::string target, std::string method = "GET") {
    return respond(context, request_for(std::move(target), std::move(method)));
  }
};

}  // namespace

TEST_CASE("routes: refusals are responses with their status, their words for the log and no side effects") {
  Handlers handlers;
  const auto missing = handlers.get("/nowhere");
  CHECK(missing.status == 404);
  CHECK(missing.bytes() == "{\"detail\":\"Not Found\"}");
  CHECK(missing.refusal == "404 Not Found");
  CHECK_FALSE(missing.close);
  const auto posted = handlers.get("/search?q=cat", "POST");
  CHECK(posted.status == 405);
  CHECK(posted.allow == "GET, HEAD");
  CHECK(handlers.get("/search").bytes() ==
        "{\"detail\":[{\"loc\":[\"query\",\"q\"],\"msg\":\"field required\",\"type\":\"value_error.missing\"}]}");
  auto http2 = request_for("/");
  http2.version_major = 2;
  const auto unsupported = respond(handlers.context, http2);
  CHECK(unsupported.status == 505);
  CHECK(unsupported.close);
  // OPTIONS *: what the server takes, and no body.
  const auto options = handlers.get("*", "OPTIONS");
  CHECK(options.status == 200);
  CHECK(options.allow == "GET, HEAD");
  CHECK(options.bytes().empty());
}

TEST_CASE("routes: a file is lent, tagged and kept by caches as its name says") {
  Handlers handlers;
  const auto script = handlers.get(std::string(web::script_path()));
  CHECK(script.status == 200);
  CHECK(script.bytes().data() == web::script().data());
  CHECK(script.cache_control == immutable_cache);
  REQUIRE(script.tagged);
  CHECK(handlers.get("/mojifinder.js").cache_control == revalidated_cache);
  // A cache that holds it gets a 304 with no body.
  auto again = request_for(std::string(web::script_path()));
  again.if_none_match = std::string(script.etag.view());
  const auto kept = respond(handlers.context, again);
  CHECK(kept.status == 304);
  CHECK(kept.bytes().empty());
}

TEST_CASE("routes: a search's response carries the reply that the stages after it read") {
  Handlers handlers;
  const auto response = handlers.get("/search?q=cat+face&limit=3&offset=1&order=relevance&lang=fr");
  CHECK(response.status == 200);
  CHECK(response.body == HttpResponse::Body::search);
  CHECK(response.content_type == json_type);
  CHECK(response.search.query == "cat face");
  CHECK(response.search.limit == 3);
  CHECK(response.search.offset == 1);
  CHECK(response.search.order == Order::relevance);
  REQUIRE(response.search.language != nullptr);
  CHECK(response.search.language->code() == "fr");
  CHECK(response.search.searched);
  CHECK(response.tagged);
  CHECK(handlers.counters.queries.load() == 1);
  // The page: its own type and policy, and its error in the reply.
  const auto page = handlers.get("/?q=%ZZ");
  CHECK(page.status == 400);
  CHECK(page.body == HttpResponse::Body::page);
  CHECK(page.security_policy == page_security_policy);
  CHECK(page.search.error == "The query is not percent-encoded properly.");
  CHECK(page.refusal.empty());
}
