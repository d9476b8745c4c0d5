// The routes and their handlers: each returns its response, and none
// writes a byte; the conversation passes the response through the stages
// after it. Internal to mojifinder::http.
#pragma once

#include <optional>
#include <string_view>

#include "http_response.hpp"
#include "mojifinder/answer/answer_stream.hpp"
#include "mojifinder/front_end/server_counters.hpp"
#include "mojifinder/http/http_request.hpp"
#include "mojifinder/index/name_index.hpp"
#include "mojifinder/query/query.hpp"

namespace mojifinder::http {

// What the handlers answer from: the index, the server's counters, and
// the connection's answer stream, which a search starts.
struct HandlerContext {
  const NameIndex& index;
  ServerCounters& counters;
  LentAnswerStream& answer;
};

// The response to a request the reader put together.
HttpResponse respond(const HandlerContext& context, const HttpRequest& request);

// GET /search (the API) and GET / (the page, `page`): the parameters of
// `query_string` (the target's) read, the answer started when there is a
// query; the page takes its language from Accept-Language when the URL
// names none.
HttpResponse respond_search(const HandlerContext& context, const HttpRequest& request, std::string_view query_string,
                            bool page);

// Starts the answer to `search`'s query, as its parameters say.
std::optional<QueryError> start_answer(const HandlerContext& context, const SearchReply& search);

}  // namespace mojifinder::http
