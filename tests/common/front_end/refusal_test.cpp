// What a refusal is, in one table (refusal.hpp): the HTTP status of each
// error's code and the counter it adds to; and a line conversation counts
// each refusal once, where it writes it.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "mojifinder/front_end/refusal.hpp"
#include "support/session.hpp"

using namespace mojifinder;

TEST_CASE("refusal: every code has an HTTP status the server counts, and only not-UTF-8 and over-long lines a counter") {
  using Code = QueryError::Code;
  for (auto c = 0; c <= static_cast<int>(Code::not_here); ++c) {
    const auto code = static_cast<Code>(c);
    CAPTURE(c);
    const auto form = refusal_form(code);
    CHECK(std::ranges::find(ServerCounters::http_statuses, form.http_status) != ServerCounters::http_statuses.end());
    CHECK(form.http_status >= 400);
    CHECK(form.http_status < 500);
    if (code == Code::not_utf8) {
      CHECK(form.counted == ServerCounters::not_utf8);
    } else if (code == Code::line_too_long) {
      CHECK(form.counted == ServerCounters::line_too_long);
    } else {
      CHECK_FALSE(form.counted.has_value());
    }
  }
  // What the API answers for a query it cannot take, and for an unknown
  // language.
  CHECK(refusal_form(Code::malformed).http_status == 400);
  CHECK(refusal_form(Code::unknown_language).http_status == 422);
}

TEST_CASE("refusal: a line conversation counts each refusal once, and the others not at all") {
  test::Session session;
  const auto say = [&](InputDecoder::Input input) { return session.reply_to(input); };
  const auto count = [&](ServerCounters::Error e) { return session.counters().errors[e].load(); };
  CHECK(say({InputDecoder::Kind::line, "cat \xFF"}).starts_with("error: "));
  CHECK(count(ServerCounters::not_utf8) == 1);
  CHECK(say({InputDecoder::Kind::too_long, {}, 1024}).starts_with("error: line too long (limit 1024 bytes)"));
  CHECK(count(ServerCounters::line_too_long) == 1);
  // Refused, and not counted: a control character, a malformed query, an
  // unknown command.
  for (const std::string_view line : {"cat \x01 face", "U+ZZZZ", "/nowhere"}) {
    CAPTURE(line);
    CHECK(say({InputDecoder::Kind::line, line}).starts_with("error: "));
  }
  CHECK(count(ServerCounters::not_utf8) == 1);
  CHECK(count(ServerCounters::line_too_long) == 1);
  CHECK(std::ranges::all_of(session.counters().errors, [](const auto& c) { return c.load() <= 1; }));
}
