// What a refusal is: a query, or a command about queries, that cannot be
// answered (QueryError, query.hpp), told to the client in its detail and
// the session goes on. Each front end gives it its own form (answer.hpp:
// `error: ...` or a JSON object; HTTP: a status and a JSON body or the
// page's caption); what differs by the error's code is here, in one table:
// the HTTP status that carries it, and the counter of refusals it adds to
// (ServerCounters::Error), where one does. What cuts a client short rather
// than answering it (busy, timeouts, a bad PROXY header) is the server's,
// and counted there.
#pragma once

#include <optional>

#include "mojifinder/front_end/server_counters.hpp"
#include "mojifinder/query/query.hpp"

namespace mojifinder {

struct RefusalForm {
  int http_status = 400;
  std::optional<ServerCounters::Error> counted;
};

constexpr RefusalForm refusal_form(QueryError::Code code) noexcept {
  using Code = QueryError::Code;
  switch (code) {
    case Code::not_utf8:
      return {400, ServerCounters::not_utf8};
    case Code::line_too_long:
      // A line past --max-line: as HTTP answers a request past its bounds.
      return {413, ServerCounters::line_too_long};
    case Code::unknown_language:
      // As the API answers lang= naming none (a validation error).
      return {422, std::nullopt};
    case Code::control_character:
    case Code::malformed:
    case Code::too_many_words:
    case Code::too_many_code_points:
    case Code::unknown_command:
    case Code::bad_argument:
    case Code::nothing_more:
    case Code::not_here:
      return {400, std::nullopt};
  }
  return {};
}

// Counts `error` where its code is counted: at the one place each front
// end writes a refusal.
inline void count_refusal(ServerCounters& counters, const QueryError& error) noexcept {
  if (const auto counted = refusal_form(error.code).counted) counters.count_error(*counted);
}

}  // namespace mojifinder
