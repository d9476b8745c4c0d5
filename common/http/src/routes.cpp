// Which handler answers a request, and the responses the routes share:
// bytes, and errors as FastAPI and pydantic write them.
#include "handlers.hpp"
#include "index_documents.hpp"
#include "mojifinder/http/http_limits.hpp"
#include "mojifinder/http/http_message.hpp"
#include "mojifinder/http/web_assets.hpp"
#include "mojifinder/text/escape.hpp"

namespace mojifinder::http {

bool HttpResponse::bytes_worth_gzip() const noexcept {
  return status == 200 && bytes().size() >= gzip_min_bytes;
}

HttpResponse bytes_response(std::string_view content_type, std::string_view bytes, std::string_view cache_control) {
  HttpResponse response;
  response.content_type = content_type;
  response.cache_control = cache_control;
  response.borrow(bytes);
  return response;
}

HttpResponse error_response(int status, std::string_view detail) {
  HttpResponse response;
  response.status = status;
  response.content_type = json_type;
  std::string text = "{\"detail\":\"";
  append_json_text(text, detail);
  text += "\"}";
  response.own(std::move(text));
  response.refusal = std::to_string(status) + " ";
  append_log_text(response.refusal, detail);
  return response;
}

HttpResponse validation_error_response(std::string_view parameter, std::string_view message, std::string_view type) {
  HttpResponse response;
  response.status = 422;
  response.content_type = json_type;
  std::string text = "{\"detail\":[{\"loc\":[\"query\",\"";
  text += parameter;
  text += "\"],\"msg\":\"";
  text += message;
  text += "\",\"type\":\"";
  text += type;
  text += "\"}]}";
  response.own(std::move(text));
  response.refusal = "422 " + std::string(parameter) + ": " + std::string(message);
  return response;
}

HttpResponse respond(const HandlerContext& context, const HttpRequest& request) {
  // HTTP/1.x only (an HTTP/2 client says so by its preface, which llhttp
  // refuses with 400): a major version of 2 or more in a request line is
  // a client this server cannot speak to.
  if (request.version_major != 1) {
    auto response = error_response(505, "HTTP Version Not Supported");
    response.close = true;
    return response;
  }
  // OPTIONS * asks what the server as a whole takes.
  if (request.method == "OPTIONS" && request.target == "*") {
    auto response = bytes_response({}, {});
    response.allow = "GET, HEAD";
    return response;
  }
  const auto target = split_target(request.target);
  const auto path = target.path;

  // Every path takes GET and HEAD only.
  enum class Route { search, page, languages, openapi, healthz, metrics, script, style, icon, none };
  const auto route = path == "/search"                                  ? Route::search
                     : path == "/languages"                             ? Route::languages
                     : path == "/"                                      ? Route::page
                     : path == "/openapi.json"                          ? Route::openapi
                     : path == "/healthz"                               ? Route::healthz
                     : path == "/metrics"                               ? Route::metrics
                     : path == web::script_path()                       ? Route::script
                     : path == web::style_path()                        ? Route::style
                     : path == web::icon_path()                         ? Route::icon
                     : path == "/mojifinder.js"                         ? Route::script
                     : path == "/mojifinder.css"                        ? Route::style
                     : path == "/favicon.svg" || path == "/favicon.ico" ? Route::icon
                                                                        : Route::none;
  // CONNECT names a host, not a path: no route takes it.
  if (route == Route::none && request.method != "CONNECT") return error_response(404, "Not Found");
  if (request.method != "GET" && request.method != "HEAD") {
    auto response = error_response(405, "Method Not Allowed");
    response.allow = "GET, HEAD";
    return response;
  }
  const auto& index = context.index;
  // An answer made from the index, the web files and the request alone
  // is tagged, so that a cache may ask whether it changed.
  const auto tagged = [&](HttpResponse&& response, std::string_view identity, std::string_view tagged_target) {
    tag_entity(response, identity, tagged_target, request.if_none_match, request.accepts_gzip);
    return std::move(response);
  };
  // A static file under its digest's name is kept for good; under its
  // plain name (an old page's link, a browser's own /favicon.ico) it is
  // asked again now and then.
  const auto static_file = [&](std::string_view content_type, std::string_view body, std::string_view digest_path) {
    const bool named_by_digest = path == digest_path;
    return tagged(bytes_response(content_type, body, named_by_digest ? immutable_cache : revalidated_cache),
                  digest_path, {});
  };
  switch (route) {
    case Route::search:
    case Route::page:
      return respond_search(context, request, target.query, route == Route::page);
    case Route::languages:
      return tagged(bytes_response(json_type, languages_json(index), "public, max-age=3600"), index_identity(index),
                    request.target);
    case Route::openapi:
      return tagged(bytes_response(json_type, openapi_document(index), revalidated_cache), index_identity(index),
                    request.target);
    case Route::healthz: {
      // For a balancer's checks: 503 once the server is stopping, so that
      // it sends new clients elsewhere.
      const bool stopping = context.counters.stopping.load(std::memory_order_relaxed);
      HttpResponse response;
      response.content_type = json_type;
      response.cache_control = "no-store";
      response.own(stopping ? "{\"status\":\"stopping\"}" : "{\"status\":\"serving\"}");
      response.status = stopping ? 503 : 200;
      return response;
    }
    case Route::metrics: {
      std::string text;
      append_metrics(text, context.counters, index);
      HttpResponse response;
      response.content_type = "text/plain; version=0.0.4; charset=utf-8";
      response.cache_control = "no-store";
      response.own(std::move(text));
      return response;
    }
    case Route::script: return static_file("text/javascript; charset=utf-8", web::script(), web::script_path());
    case Route::style: return static_file("text/css; charset=utf-8", web::style(), web::style_path());
    case Route::icon: return static_file("image/svg+xml", web::icon(), web::icon_path());
    case Route::none: break;
  }
  return error_response(404, "Not Found");
}

}  // namespace mojifinder::http
