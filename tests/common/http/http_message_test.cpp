#include "mojifinder/http/http_message.hpp"

#include <doctest/doctest.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>

using namespace mojifinder;

TEST_CASE("http message: a target splits into its path and its query, a fragment dropped") {
  CHECK(split_target("/search?q=cat+face").path == "/search");
  CHECK(split_target("/search?q=cat+face").query == "q=cat+face");
  CHECK(split_target("/").query.empty());
  CHECK(split_target("/?q=a#frag").query == "q=a");
  CHECK(split_target("/x#frag?y").path == "/x");
  CHECK(split_target("/x#frag?y").query.empty());
}

TEST_CASE("http message: a target in absolute form gives the same path and query as in origin form") {
  const auto split = [](std::string_view target) {
    const auto t = split_target(target);
    return std::string(t.path) + " | " + std::string(t.query);
  };
  CHECK(split("http://127.0.0.1:8080/search?q=cat") == "/search | q=cat");
  CHECK(split("HTTP://example.org/") == "/ | ");
  CHECK(split("http://example.org") == "/ | ");
  CHECK(split("http://example.org?q=cat") == "/ | q=cat");
  CHECK(split("https://example.org/search?q=a://b") == "/search | q=a://b");
  CHECK(split("/search?q=http://x/y") == "/search | q=http://x/y");  // origin form stays as it is
}

TEST_CASE("http message: form values are percent-decoded, + a space, broken escapes refused") {
  CHECK(decode_form_value("cat+face") == "cat face");
  CHECK(decode_form_value("cat%20face") == "cat face");
  CHECK(decode_form_value("%F0%9F%90%B1") == "\U0001F431");
  CHECK(decode_form_value("%2B%25%26") == "+%&");
  CHECK(decode_form_value("%ff%FE") == std::string("\xFF\xFE"));  // not UTF-8: the caller checks
  CHECK(decode_form_value("") == "");
  CHECK_FALSE(decode_form_value("%").has_value());
  CHECK_FALSE(decode_form_value("%4").has_value());
  CHECK_FALSE(decode_form_value("%4G").has_value());
  CHECK_FALSE(decode_form_value("a%").has_value());
}

TEST_CASE("http message: a query parameter by name, the first of repeats, absent or empty") {
  bool malformed = true;
  CHECK(query_parameter("q=cat+face", "q", malformed) == "cat face");
  CHECK_FALSE(malformed);
  CHECK(query_parameter("limit=5&q=%E2%82%AC&q=other", "q", malformed) == "\u20AC");
  CHECK(query_parameter("limit=5", "limit", malformed) == "5");
  CHECK_FALSE(query_parameter("limit=5", "q", malformed).has_value());
  CHECK_FALSE(malformed);
  CHECK(query_parameter("q", "q", malformed) == "");
  CHECK(query_parameter("q=", "q", malformed) == "");
  CHECK(query_parameter("%71=x", "q", malformed) == "x");  // the name is decoded too
  CHECK_FALSE(query_parameter("q=%zz", "q", malformed).has_value());
  CHECK(malformed);
}

TEST_CASE("http message: several parameters found in one pass, each the first of its repeats, still encoded") {
  const std::array<std::string_view, 5> names{"q", "limit", "order", "fields", "lang"};
  std::array<std::optional<std::string_view>, 5> raw;
  raw[4] = "stale";
  find_query_parameters("%71=cat+face&limit=5&q=other&x=1&order&limit=6&fields=%zz", names, raw);
  CHECK(raw[0] == "cat+face");  // the name decoded, the value not yet
  CHECK(raw[1] == "5");
  CHECK(raw[2] == "");
  CHECK(raw[3] == "%zz");
  CHECK_FALSE(raw[4].has_value());
  bool malformed = false;
  CHECK(decode_query_parameter(raw[0], malformed) == "cat face");
  CHECK_FALSE(malformed);
  CHECK_FALSE(decode_query_parameter(raw[3], malformed).has_value());
  CHECK(malformed);
  CHECK_FALSE(decode_query_parameter(raw[4], malformed).has_value());
  CHECK_FALSE(malformed);
}

TEST_CASE("http message: a response head on exact bytes") {
  std::string out;
  append_response_head(out, {.status = 200, .content_type = "application/json; charset=utf-8", .content_length = 2});
  CHECK(out == "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 2\r\n\r\n");
  out.clear();
  append_response_head(out, {.status = 405,
                             .content_type = "application/json",
                             .content_length = std::nullopt,
                             .keep_alive = false,
                             .headers = {{"Allow", "GET, HEAD"}}});
  CHECK(out ==
        "HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
        "Connection: close\r\nAllow: GET, HEAD\r\n\r\n");
  for (const int status : {400, 404, 408, 413, 414, 422, 431, 503}) CHECK(reason_phrase(status) != "Unknown");
}

TEST_CASE("http message: Date in IMF-fixdate, 29 bytes, and the head ends with it") {
  using namespace std::chrono;
  const auto date = [](sys_seconds when) {
    std::string out;
    append_http_date(out, when);
    return out;
  };
  CHECK(date(sys_days{1994y / November / 6} + 8h + 49min + 37s) == "Sun, 06 Nov 1994 08:49:37 GMT");
  CHECK(date(sys_days{2026y / December / 2} + 16h + 40min) == "Wed, 02 Dec 2026 16:40:00 GMT");
  CHECK(date(sys_days{2000y / February / 29} + 23h + 59min + 59s) == "Tue, 29 Feb 2000 23:59:59 GMT");
  CHECK(date(sys_days{1970y / January / 1}) == "Thu, 01 Jan 1970 00:00:00 GMT");
  CHECK(http_date_now().size() == 29);
  std::string out;
  append_response_head(out, HttpResponseHead{.status = 404, .content_length = 0, .date = "Sun, 06 Nov 1994 08:49:37 GMT"});
  CHECK(out == "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n");
}

TEST_CASE("http message: chunk sizes in lower-case hex") {
  std::string out;
  append_chunk_size(out, 0x1f40);
  append_chunk_size(out, 0);
  append_chunk_size(out, 1);
  CHECK(out == "1f40\r\n0\r\n1\r\n");
  CHECK(last_chunk == "0\r\n\r\n");
}
