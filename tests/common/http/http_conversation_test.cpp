// HTTP's conversation, driven without sockets: exact bytes of each kind of
// response, streaming and compression of long answers, and the same
// characters as the line protocol finds.
#include "mojifinder/http/http_conversation.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mojifinder/answer/answer.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/http/web_assets.hpp"
#include "mojifinder/text/utf8.hpp"
#include "support/http_client.hpp"
#include "support/http_response.hpp"
#include "support/oracles.hpp"

using namespace mojifinder;
using namespace mojifinder::test;

namespace {

// The JSON array the API must send for `query`: the line protocol's own
// results, written by the one answer writer.
std::string expected_json(std::string_view query, std::size_t limit = 0, std::size_t offset = 0) {
  std::string error;
  auto results = find_all(embedded_name_index(), query, error);
  REQUIRE(error.empty());
  results.erase(results.begin(), results.begin() + static_cast<std::ptrdiff_t>(std::min(offset, results.size())));
  std::string out;
  append_answer(out, embedded_name_index(), results, LineEnd::crlf, AnswerFormat::json_array, limit);
  return out;
}

std::size_t count_of(std::string_view query) {
  std::string error;
  return find_all(embedded_name_index(), query, error).size();
}

}  // namespace

TEST_CASE("http conversation: GET /search answers the original's JSON array, on exact bytes") {
  Client client;
  const auto body = expected_json("cat face");
  auto answer = client.send("GET /search?q=cat+face HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(answer ==
        "HTTP/1.1 200 OK\r\n"
        "Content-Type: application/json; charset=utf-8\r\n"
        "Content-Length: " + std::to_string(body.size()) + "\r\n"
        "X-Total-Count: 10\r\n"
        "Vary: Accept-Encoding\r\n"
        "Cache-Control: public, max-age=300\r\n"
        "ETag: " + entity_tag_in(answer) + "\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "\r\n" + body);
  CHECK(body.starts_with("[{\"char\":\"\xF0\x9F\x90\xB1\",\"name\":\"CAT FACE\"},"));
  CHECK_FALSE(client.closed());
  answer = client.send("GET /search?q=xyzzy+plugh HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(answer ==
        "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 2\r\n"
        "X-Total-Count: 0\r\nVary: Accept-Encoding\r\nCache-Control: public, max-age=300\r\nETag: " +
            entity_tag_in(answer) + "\r\nX-Content-Type-Options: nosniff\r\n\r\n[]");
  answer = client.send("GET /search?q= HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(answer.ends_with("X-Total-Count: 0\r\nVary: Accept-Encoding\r\nCache-Control: public, max-age=300\r\nETag: " +
                         entity_tag_in(answer) + "\r\nX-Content-Type-Options: nosniff\r\n\r\n[]"));
}

TEST_CASE("http conversation: the whole query language, and the same characters as the line protocol") {
  Client client;
  for (const std::string query : {"cat face", "smil* cat", "U+1F600 U+0378", "U+2600..U+260F", "\xE2\x82\xAC",
                                  "flag japan", "nbsp", "sign", "U+0000 U+D800"}) {
    CAPTURE(query);
    std::string target = "/search?q=";
    for (const char c : query) {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", static_cast<unsigned char>(c));
      target += escaped;
    }
    const auto response = client.get(target);
    CHECK(response.status == 200);
    CHECK(response.body == expected_json(query));
    CHECK(response.header("x-total-count") == std::to_string(count_of(query)));
    const auto json = nlohmann::json::parse(response.body);
    CHECK(json.size() == count_of(query));
  }
  // A sequence's char is the whole sequence.
  const auto flag = nlohmann::json::parse(client.get("/search?q=flag+japan").body);
  CHECK(flag == nlohmann::json::parse(R"([{"char":"🇯🇵","name":"flag: Japan"}])"));
}

TEST_CASE("http conversation: limit and offset page an answer, the total in X-Total-Count") {
  Client client;
  auto response = client.get("/search?q=cat+face&limit=3&offset=2");
  CHECK(response.body == expected_json("cat face", 3, 2));
  CHECK(nlohmann::json::parse(response.body).size() == 3);
  CHECK(response.header("x-total-count") == "10");
  response = client.get("/search?q=cat+face&offset=20");
  CHECK(response.body == "[]");
  CHECK(response.header("x-total-count") == "10");
  // A page of a long answer: counted first, then streamed.
  response = client.get("/search?q=cjk&limit=5&offset=1000");
  CHECK(response.body == expected_json("cjk", 5, 1000));
  CHECK(response.header("x-total-count") == std::to_string(count_of("cjk")));
}

TEST_CASE("http conversation: a long answer streams in chunks of a bounded piece, and gzips when accepted") {
  Client client;
  const auto expected = expected_json("cjk");
  auto response = client.get("/search?q=cjk");
  CHECK(response.status == 200);
  CHECK(response.header("transfer-encoding") == "chunked");
  CHECK(response.header("x-total-count") == std::to_string(count_of("cjk")));
  CHECK(response.body == expected);
  CHECK(response.chunks > expected.size() / (2 * answer_piece_bytes));
  // A piece is gathered to answer_piece_bytes, with a batch of results
  // past it at most: megabytes go out tens of kilobytes at a time.
  CHECK(client.largest_piece() < 2 * answer_piece_bytes);

  response = client.get("/search?q=cjk", "Accept-Encoding: gzip, deflate\r\n");
  CHECK(response.header("content-encoding") == "gzip");
  CHECK(response.body == expected);
  CHECK(response.wire_body.size() * 5 < expected.size());

  // A short answer is sent with its length, compressed when long enough.
  response = client.get("/search?q=face", "Accept-Encoding: gzip\r\n");
  CHECK(response.header("content-encoding") == "gzip");
  CHECK(response.header("content-length") == std::to_string(response.wire_body.size()));
  CHECK(response.body == expected_json("face"));
  response = client.get("/search?q=cat+face", "Accept-Encoding: gzip\r\n");
  CHECK(response.header("content-encoding").empty());
  response = client.get("/search?q=cjk", "Accept-Encoding: gzip;q=0\r\n");
  CHECK(response.header("content-encoding").empty());
}

TEST_CASE("http conversation: HEAD sends the GET's head and no body") {
  Client client;
  auto get = client.send("GET /search?q=cat HTTP/1.1\r\nHost: t\r\n\r\n");
  const auto head = client.send("HEAD /search?q=cat HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(head == get.substr(0, get.find("\r\n\r\n") + 4));
  const auto long_head = client.send("HEAD /search?q=cjk HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(long_head.ends_with("\r\n\r\n"));
  CHECK(long_head.find("Transfer-Encoding: chunked\r\n") != std::string::npos);
  CHECK(long_head.find("[") == std::string::npos);
  CHECK(client.send("HEAD / HTTP/1.1\r\nHost: t\r\n\r\n").find("<html") == std::string::npos);
}

TEST_CASE("http conversation: pipelined requests are answered in order, HTTP/1.0 and Connection: close end it") {
  Client client;
  auto bytes = client.send(
      "GET /search?q=cat+face HTTP/1.1\r\nHost: t\r\n\r\nGET /nowhere HTTP/1.1\r\nHost: t\r\n\r\nGET /search?q=cjk&limit=2 HTTP/1.1\r\nHost: t\r\n\r\n"
      "GET /search?q=dog+face HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\nGET /search?q=never HTTP/1.1\r\nHost: t\r\n\r\n");
  const auto first = take_response(bytes);
  const auto second = take_response(bytes);
  const auto third = take_response(bytes);
  const auto fourth = take_response(bytes);
  REQUIRE(fourth.has_value());
  CHECK(first->body == expected_json("cat face"));
  CHECK(second->status == 404);
  CHECK(third->body == expected_json("cjk", 2));
  CHECK(fourth->body == expected_json("dog face"));
  CHECK(fourth->header("connection") == "close");
  CHECK(bytes.empty());  // nothing after Connection: close
  CHECK(client.closed());

  Client old;
  bytes = old.send("GET /search?q=cjk HTTP/1.0\r\n\r\n");
  CHECK(old.closed());
  CHECK(bytes.find("Transfer-Encoding") == std::string::npos);
  CHECK(bytes.find("Connection: close\r\n") != std::string::npos);
  const auto response = take_response(bytes);
  CHECK(response->body == expected_json("cjk"));

  Client kept;
  bytes = kept.send("GET /search?q=cat+face HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  CHECK_FALSE(kept.closed());
  CHECK(take_response(bytes)->body == expected_json("cat face"));
}

TEST_CASE("http conversation: an upgrade offer is answered once, as HTTP/1.1, and CONNECT gets 405, and the next request follows") {
  Client client;
  auto bytes = client.send(
      "GET /search?q=cat+face HTTP/1.1\r\nHost: test\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
      "HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n"
      "GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"
      "CONNECT test:443 HTTP/1.1\r\nHost: test:443\r\n\r\n"
      "GET /search?q=cjk&limit=2 HTTP/1.1\r\nHost: test\r\n\r\n");
  const auto search = take_response(bytes);
  const auto health = take_response(bytes);
  REQUIRE(health.has_value());
  CHECK(search->status == 200);
  CHECK(search->body == expected_json("cat face"));
  CHECK(health->status == 200);
  CHECK(health->body == R"({"status":"serving"})");
  CHECK(bytes.rfind("HTTP/1.1 405 Method Not Allowed\r\n", 0) == 0);
  const auto refused = take_response(bytes);
  REQUIRE(refused.has_value());
  CHECK(refused->header("allow") == "GET, HEAD");
  CHECK(refused->body == R"({"detail":"Method Not Allowed"})");
  const auto last = take_response(bytes);
  REQUIRE(last.has_value());
  CHECK(last->body == expected_json("cjk", 2));
  CHECK(bytes.empty());  // each answered once: no stray 400
  CHECK_FALSE(client.closed());
}

TEST_CASE("http conversation: a target in absolute form is served, OPTIONS * says what the server takes, HTTP/2.0 gets 505") {
  Client client;
  const auto absolute = client.get("http://127.0.0.1:8080/search?q=cat+face");
  CHECK(absolute.status == 200);
  CHECK(absolute.body == expected_json("cat face"));
  auto bytes = client.send("OPTIONS * HTTP/1.1\r\nHost: test\r\n\r\n");
  CHECK(bytes == "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Content-Type-Options: nosniff\r\nAllow: GET, HEAD\r\n\r\n");
  CHECK_FALSE(client.closed());
  Client two;
  bytes = two.send("GET /search?q=cat HTTP/2.0\r\nHost: test\r\n\r\n");
  const auto refused = take_response(bytes);
  REQUIRE(refused.has_value());
  CHECK(refused->status == 505);
  CHECK(refused->header("connection") == "close");
  CHECK(refused->body == R"({"detail":"HTTP Version Not Supported"})");
  CHECK(two.closed());
  Client head;
  bytes = head.send("HEAD /search?q=cat HTTP/2.0\r\nHost: test\r\n\r\n");
  const auto head_refused = take_response(bytes, true);
  REQUIRE(head_refused.has_value());
  CHECK(head_refused->status == 505);
  CHECK(bytes.empty());  // no body after the head of a HEAD's answer
  CHECK(head.closed());
}

TEST_CASE("http conversation: a later HTTP/1.x is answered as 1.1, 3.0 and 0.9 get 505 as 2.0 does") {
  for (const auto* version : {"1.2", "1.9", "3.0", "0.9"}) {
    CAPTURE(version);
    const bool later_one = version[0] == '1';
    Client client;
    auto bytes = client.send(std::string("GET /search?q=cat+face HTTP/") + version + "\r\nHost: t\r\n\r\n");
    const auto response = take_response(bytes);
    REQUIRE(response.has_value());
    if (later_one) {
      CHECK(response->status == 200);
      CHECK(response->body == expected_json("cat face"));
    } else {
      CHECK(response->status == 505);
    }
    CHECK(client.closed() == !later_one);  // a later 1.x is kept alive, as 1.1
  }
}

TEST_CASE("http conversation: a HEAD refused for its line or its headers gets a head and no body") {
  const std::string long_target(9 * 1024, 'a');
  std::string many_headers;
  for (int i = 0; i < 120; ++i) many_headers += "X-" + std::to_string(i) + ": x\r\n";
  const std::string long_header = "X-Long: " + std::string(17 * 1024, 'x') + "\r\n";
  for (const auto& [request, status] : std::initializer_list<std::pair<std::string, int>>{
           {"HEAD /" + long_target + " HTTP/1.1\r\nHost: t\r\n\r\n", 414},
           {"HEAD / HTTP/1.1\r\nHost: t\r\n" + long_header + "\r\n", 431},
           {"HEAD / HTTP/1.1\r\nHost: t\r\n" + many_headers + "\r\n", 431},
           {"HEAD / HTTP/1.1\r\nContent-Length: 70000\r\nHost: t\r\n\r\n" + std::string(70000, 'x'), 413},
           {"HEAD / HTTP/1.1\r\n\r\n", 400},
           {"HEAD / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400}}) {
    CAPTURE(status);
    Client client;
    auto bytes = client.send(request);
    const auto refused = take_response(bytes, true);
    REQUIRE(refused.has_value());
    CHECK(refused->status == status);
    CHECK(refused->header("connection") == "close");
    CHECK(bytes.empty());  // nothing after the head
  }
  // A GET refused alike still has its body.
  Client client;
  auto bytes = client.send("GET / HTTP/1.1\r\n\r\n");
  const auto refused = take_response(bytes);
  REQUIRE(refused.has_value());
  CHECK(refused->body == R"({"detail":"an HTTP/1.1 request without Host"})");
}

TEST_CASE("http conversation: Accept-Language weighs its languages, q=0 refuses one, and its field lines join") {
  Client client;
  const auto browser_language = [&](std::string_view headers) {
    const auto page = client.get("/?q=chat", std::string(headers));
    const std::string key = "data-browser-lang=\"";
    const auto at = page.body.find(key);
    REQUIRE(at != std::string::npos);
    return page.body.substr(at + key.size(), page.body.find('"', at + key.size()) - at - key.size());
  };
  CHECK(browser_language("Accept-Language: fr;q=0, de\r\n") == "de");
  CHECK(browser_language("Accept-Language: fr;q=0.1, de;q=0.9\r\n") == "de");
  CHECK(browser_language("Accept-Language: fr, de\r\n") == "fr");           // equal weights: the first
  CHECK(browser_language("Accept-Language: xx, de;q=0.5, fr;q=0.7\r\n") == "fr");
  CHECK(browser_language("Accept-Language: fr;q=2, de;q=0.3\r\n") == "de");  // no qvalue: not weighed
  CHECK(browser_language("Accept-Language: fr;Q=0.000, de;q=0.001\r\n") == "de");
  CHECK(browser_language("Accept-Language: xx\r\nAccept-Language: de\r\n") == "de");
  CHECK(browser_language("Accept-Language: fr;q=0\r\n").empty());
}

TEST_CASE("http conversation: errors get their status and a JSON body as FastAPI writes it, on exact bytes") {
  const auto error = [](std::string_view request) {
    Client client;
    return client.send(request);
  };
  CHECK(error("GET /search HTTP/1.1\r\nHost: t\r\n\r\n") ==
        "HTTP/1.1 422 Unprocessable Content\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 86\r\n"
        "X-Content-Type-Options: nosniff\r\n\r\n"
        "{\"detail\":[{\"loc\":[\"query\",\"q\"],\"msg\":\"field required\",\"type\":\"value_error.missing\"}]}");
  CHECK(error("GET /nowhere HTTP/1.1\r\nHost: t\r\n\r\n") ==
        "HTTP/1.1 404 Not Found\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 22\r\n"
        "X-Content-Type-Options: nosniff\r\n\r\n"
        "{\"detail\":\"Not Found\"}");
  CHECK(error("DELETE /search?q=x HTTP/1.1\r\nHost: t\r\n\r\n") ==
        "HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 31\r\n"
        "X-Content-Type-Options: nosniff\r\nAllow: GET, HEAD\r\n\r\n{\"detail\":\"Method Not Allowed\"}");
  CHECK(error("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nq=x").starts_with("HTTP/1.1 405 Method Not Allowed\r\n"));
  CHECK(error("GET /search?q=%FF HTTP/1.1\r\nHost: t\r\n\r\n") ==
        "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 40\r\n"
        "X-Content-Type-Options: nosniff\r\n\r\n"
        "{\"detail\":\"q is not UTF-8 once decoded\"}");
  CHECK(error("GET /search?q=%zz HTTP/1.1\r\nHost: t\r\n\r\n").ends_with("{\"detail\":\"q is not percent-encoded properly\"}"));
  CHECK(error("GET /search?q=U%2B2603..U%2B2600 HTTP/1.1\r\nHost: t\r\n\r\n")
            .ends_with("{\"detail\":\"the range U+2603..U+2600 runs backwards\"}"));
  CHECK(error("GET /search?q=a%01b HTTP/1.1\r\nHost: t\r\n\r\n")
            .ends_with("{\"detail\":\"query contains a control character (U+0001)\"}"));
  CHECK(error("GET /search?q=cat&limit=x HTTP/1.1\r\nHost: t\r\n\r\n")
            .ends_with("{\"detail\":[{\"loc\":[\"query\",\"limit\"],\"msg\":\"value is not a valid integer\","
                       "\"type\":\"type_error.integer\"}]}"));
  CHECK(error("GET /search?q=cat&limit=0 HTTP/1.1\r\nHost: t\r\n\r\n")
            .ends_with("{\"detail\":[{\"loc\":[\"query\",\"limit\"],\"msg\":\"ensure this value is greater than or "
                       "equal to 1\",\"type\":\"value_error.number.not_ge\"}]}"));
  // A negative number is below the bound, as pydantic says, not malformed.
  CHECK(error("GET /search?q=cat&offset=-1 HTTP/1.1\r\nHost: t\r\n\r\n")
            .ends_with("{\"detail\":[{\"loc\":[\"query\",\"offset\"],\"msg\":\"ensure this value is greater than or "
                       "equal to 0\",\"type\":\"value_error.number.not_ge\"}]}"));
  CHECK(error("GET /search?q=cat&limit=-99999999999999999999 HTTP/1.1\r\nHost: t\r\n\r\n")
            .ends_with("equal to 1\",\"type\":\"value_error.number.not_ge\"}]}"));
  CHECK(error("GET /search?q=cat&offset=-x HTTP/1.1\r\nHost: t\r\n\r\n")
            .ends_with("\"msg\":\"value is not a valid integer\",\"type\":\"type_error.integer\"}]}"));
  CHECK(error("GET /search?q=cat&offset=99999999999 HTTP/1.1\r\nHost: t\r\n\r\n")
            .ends_with("{\"detail\":[{\"loc\":[\"query\",\"offset\"],\"msg\":\"ensure this value is less than or "
                       "equal to 10000000\",\"type\":\"value_error.number.not_le\"}]}"));
  // What the reader cannot read is answered, and the connection closes.
  Client client;
  CHECK(client.send("GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: t\r\n\r\n").starts_with(
      "HTTP/1.1 414 URI Too Long\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: "));
  CHECK(client.closed());
  Client many;
  std::string headers;
  for (int i = 0; i < 101; ++i) headers += "X-" + std::to_string(i) + ": y\r\n";
  CHECK(many.send("GET / HTTP/1.1\r\nHost: t\r\n" + headers + "\r\n").starts_with("HTTP/1.1 431 Request Header Fields Too Large"));
  CHECK(many.closed());
  Client garbled;
  const auto reply = garbled.send("GET / HTTP/1.1\r\nHost: t\r\nBad Header\r\n\r\n");
  CHECK(reply.starts_with("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\n"));
  CHECK(reply.find("Connection: close\r\n") != std::string::npos);
  CHECK(garbled.closed());
  // A body the client sends is read and dropped; the next request is answered.
  Client posting;
  auto both = posting.send("POST /search HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhelloGET /search?q=cat+face HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(take_response(both)->status == 405);
  CHECK(take_response(both)->body == expected_json("cat face"));
}

TEST_CASE("http conversation: the fixed responses hold their own Content-Length") {
  for (auto bytes : {std::string(http_busy_response), std::string(http_request_timeout_response),
                     std::string(http_too_many_from_address_response)}) {
    const auto response = take_response(bytes);
    REQUIRE(response.has_value());
    CHECK(bytes.empty());
    CHECK(nlohmann::json::parse(response->body).contains("detail"));
  }
}

TEST_CASE("http conversation: the page is rendered by the server, with its caption, items and pager") {
  Client client;
  // The page's answers are in relevance order: what every field finds.
  std::string error;
  const auto cat_face = std::to_string(find_all(embedded_name_index(), "cat face", error, nullptr, Fields::every_field).size());
  auto page = client.get("/?q=cat+face");
  CHECK(page.status == 200);
  CHECK(page.header("content-type") == "text/html; charset=utf-8");
  CHECK(page.header("content-security-policy").starts_with("default-src 'none'; script-src 'self'"));
  CHECK(page.header("vary") == "Accept-Encoding, Accept-Language");
  CHECK(page.body.find("<meta name=\"description\" content=\"") != std::string::npos);
  CHECK(page.body.find("<input id=\"query\" type=\"search\" name=\"q\" value=\"cat face\"") != std::string::npos);
  CHECK(page.body.find("<p id=\"caption\" class=\"\" role=\"status\" aria-live=\"polite\">" + cat_face +
                       " characters found</p>") != std::string::npos);
  // The block as the data spells it: Blocks.txt's name or its long alias.
  CHECK(page.body.find("<li class=\"s\" data-block=\"" + std::string(embedded_name_index().block_of(0x1F431)) +
                       "\" data-category=\"Other Symbol (So)\"><a class=\"glyph\" href=\"/?q=U%2B1F431\">"
                       "\xF0\x9F\x90\xB1</a><span class=\"names\">"
                       "<span class=\"name\">CAT FACE</span></span><code>U+1F431</code>"
                       "<button type=\"button\" class=\"copy\">Copy</button></li>\n") != std::string::npos);
  CHECK(page.body.find("<ol id=\"results\" class=\"auto\"") != std::string::npos);
  CHECK(page.body.find("<section id=\"examples\" aria-labelledby=\"examples-title\" hidden>") != std::string::npos);
  // The view asked for is kept by the form and the toggle's links.
  page = client.get("/?q=cat+face&view=list");
  CHECK(page.body.find("<ol id=\"results\" class=\"list\"") != std::string::npos);
  CHECK(page.body.find("<input type=\"hidden\" name=\"view\" value=\"list\">") != std::string::npos);
  CHECK(page.body.find("<a href=\"/?q=cat+face&amp;view=list\" aria-current=\"true\" data-view=\"list\">List</a>") !=
        std::string::npos);
  // A combining mark sits on a dotted circle; a language's short name
  // comes first, the name after it.
  page = client.get("/?q=U%2B0301");
  CHECK(page.body.find("<li data-block=\"Combining Diacritical Marks\" data-category=\"Nonspacing Mark (Mn)\">"
                       "<a class=\"glyph\" href=\"/?q=U%2B0301\">\xE2\x97\x8C\xCC\x81</a>") != std::string::npos);
  // A code point without a name has the category of what it is, and its
  // block; the page says where it opened (data-first) for its pager.
  page = client.get("/?q=U%2BD800+U%2BE000+U%2B0378+U%2BFFFF");
  const auto& index = embedded_name_index();
  for (const auto& [cp, category] : {std::pair{0xD800u, "Surrogate (Cs)"}, std::pair{0xE000u, "Private Use (Co)"},
                                     std::pair{0x0378u, "Unassigned (Cn)"}, std::pair{0xFFFFu, "Unassigned (Cn)"}}) {
    CAPTURE(cp);
    CHECK(page.body.find("<li data-block=\"" + std::string(index.block_of(cp)) + "\" data-category=\"" + category +
                         "\">") != std::string::npos);
  }
  CHECK(page.body.find("data-total=\"4\" data-first=\"0\" data-next=\"4\"") != std::string::npos);
  page = client.get("/?q=letter&offset=200");
  CHECK(page.body.find("data-first=\"200\" data-next=\"300\"") != std::string::npos);
  // A sequence has neither block nor category.
  page = client.get("/?q=%F0%9F%90%88%E2%80%8D%E2%AC%9B");
  CHECK(page.body.find("<li class=\"s\"><a class=\"glyph\" href=\"/?q=%F0%9F%90%88%E2%80%8D%E2%AC%9B\">") !=
        std::string::npos);
  page = client.get("/?q=U%2B1F408&lang=fr");
  CHECK(page.body.find("<span class=\"short\">chat</span><span class=\"name\">CAT</span>") != std::string::npos);
  page = client.get("/?q=%E2%82%AC");
  CHECK(page.body.find(">1 character found</p>") != std::string::npos);
  // Text from the client is escaped.
  page = client.get("/?q=%3Cscript%3E%22");
  CHECK(page.body.find("value=\"&lt;script&gt;&quot;\"") != std::string::npos);
  CHECK(page.body.find("<script>") == std::string::npos);
  // Without a query: the form and examples, no caption.
  page = client.get("/");
  CHECK(page.body.find("aria-live=\"polite\"></p>") != std::string::npos);
  CHECK(page.body.find("<section id=\"examples\" aria-labelledby=\"examples-title\">") != std::string::npos);
  // Nothing found says so, with the examples.
  page = client.get("/?q=qqqqqqqqqqqqqqq");
  CHECK(page.body.find(">Nothing found for qqqqqqqqqqqqqqq</p>") != std::string::npos);
  CHECK(page.body.find("<section id=\"examples\" aria-labelledby=\"examples-title\">") != std::string::npos);
  // A long answer a page at a time, with links to the others, the counts
  // grouped by thousands.
  page = client.get("/?q=cjk&offset=100");
  const auto count = count_of("cjk");
  std::string total;
  const auto digits = std::to_string(count);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) total += ',';
    total += digits[i];
  }
  CHECK(page.body.find(">" + total + " characters found</p>") != std::string::npos);
  std::size_t items = 0;
  constexpr std::string_view glyph_link = "<a class=\"glyph\"";
  for (auto at = page.body.find(glyph_link); at != std::string::npos; at = page.body.find(glyph_link, at + 1)) ++items;
  CHECK(items == page_results);
  CHECK(page.body.find("<a rel=\"prev\" href=\"/?q=cjk\">Previous 100</a>") != std::string::npos);
  CHECK(page.body.find("<span>101 to 200 of " + total + "</span>") != std::string::npos);
  CHECK(page.body.find("<a rel=\"next\" href=\"/?q=cjk&amp;offset=200\">Next 100</a>") != std::string::npos);
  // Past the end: said so, and the way back is to the last page.
  page = client.get("/?q=cat+face&offset=99999");
  CHECK(page.body.find(">" + cat_face + " characters found; none from number 100,000 on</p>") != std::string::npos);
  CHECK(page.body.find("<a rel=\"prev\" href=\"/?q=cat+face\">Previous " + cat_face + "</a>") != std::string::npos);
  // A query that cannot be answered says why where the caption would be,
  // in the error style; so does a parameter the page cannot read.
  page = client.get("/?q=U%2B2603..U%2B2600");
  CHECK(page.status == 400);
  CHECK(page.body.find("<p id=\"caption\" class=\"error\" role=\"status\" aria-live=\"polite\">the range U+2603..U+2600 "
                       "runs backwards</p>") != std::string::npos);
  page = client.get("/?q=cat&offset=abc");
  CHECK(page.status == 422);
  CHECK(page.header("content-type") == "text/html; charset=utf-8");
  CHECK(page.body.find("class=\"error\" role=\"status\" aria-live=\"polite\">The page&#39;s offset is not right: value "
                       "is not a valid integer.</p>") != std::string::npos);
  CHECK(page.body.find("value=\"cat\"") != std::string::npos);
}

TEST_CASE("http conversation: the page's files and the OpenAPI description") {
  Client client;
  const auto script = client.get("/mojifinder.js");
  CHECK(script.header("content-type") == "text/javascript; charset=utf-8");
  CHECK(script.body.find("getElementById(\"query\")") != std::string::npos);
  CHECK(client.get("/mojifinder.css").header("content-type") == "text/css; charset=utf-8");
  CHECK(client.get("/favicon.svg").body.starts_with("<svg"));
  const auto openapi = client.get("/openapi.json");
  CHECK(openapi.header("content-type") == "application/json; charset=utf-8");
  // Gzipped for a client that takes it, so a cache keys it by encoding; no
  // body is left to a browser's guess.
  CHECK(openapi.header("vary") == "Accept-Encoding");
  CHECK(script.header("x-content-type-options") == "nosniff");
  CHECK(openapi.header("x-content-type-options") == "nosniff");
  CHECK(client.get("/healthz").header("content-type") == "application/json; charset=utf-8");
  // Every page says which language is the browser's (its links leave that
  // one out), so it varies by Accept-Language even when lang= is given.
  CHECK(client.get("/?q=chat", "Accept-Language: fr\r\n").header("vary") == "Accept-Encoding, Accept-Language");
  CHECK(client.get("/?q=chat&lang=fr", "Accept-Language: fr\r\n").header("vary") == "Accept-Encoding, Accept-Language");
  const auto api = nlohmann::json::parse(openapi.body);
  CHECK(api["openapi"] == "3.1.0");
  std::vector<std::string> parameters;
  // Said once in components, for GET and HEAD alike.
  for (const auto& parameter : api["paths"]["/search"]["parameters"]) {
    const std::string ref = parameter["$ref"];
    parameters.push_back(api["components"]["parameters"][ref.substr(ref.rfind('/') + 1)]["name"]);
  }
  CHECK(parameters == std::vector<std::string>{"q", "lang", "prefer_lang", "order", "fields", "limit", "offset", "If-None-Match",
                                               "Accept-Encoding"});
  for (const auto* path : {"/search", "/", "/languages", "/openapi.json", "/healthz", "/metrics", "/static/{file}"}) {
    CAPTURE(path);
    CHECK(api["paths"][path].contains("get"));
    CHECK(api["paths"][path].contains("head"));
  }
  // Which data answers come from, as the index says.
  const auto& index = embedded_name_index();
  CHECK(api["info"]["x-data-versions"] == nlohmann::json{{"unicode", index.unicode_version()},
                                                          {"emoji", index.emoji_version()},
                                                          {"cldr", index.cldr_version()}});
  // The example names the script as this build serves it.
  CHECK("/static/" + api["components"]["parameters"]["StaticFile"]["example"].get<std::string>() == web::script_path());
}

TEST_CASE("http conversation: the log says what was asked and answered, escaped") {
  Client client;
  client.get("/search?q=cat+face");
  client.get("/nowhere%1B[31m");
  CHECK(client.log() == std::vector<std::string>{"heard GET '/search?q=cat+face'", "answered 10 results.",
                                                 "heard GET '/nowhere%1B[31m'", "answered 404 Not Found"});
}

TEST_CASE("http conversation: a request cut short by the end of the stream is not answered") {
  Client client;
  CHECK(client.send("GET /search?q=cat HTTP/1.1\r\nHost:").empty());
  CHECK(client.send("", true).empty());
  CHECK(client.closed());
}

TEST_CASE("http conversation: /healthz says serving, then stopping, for a balancer's checks") {
  Client client;
  auto response = client.get("/healthz");
  CHECK(response.status == 200);
  CHECK(response.body == "{\"status\":\"serving\"}");
  CHECK(response.header("cache-control") == "no-store");
  client.counters().stopping = true;
  response = client.get("/healthz");
  CHECK(response.status == 503);
  CHECK(response.body == "{\"status\":\"stopping\"}");
  CHECK(client.send("HEAD /healthz HTTP/1.1\r\nHost: t\r\n\r\n").starts_with("HTTP/1.1 503 Service Unavailable\r\n"));
}

TEST_CASE("http conversation: /metrics in Prometheus's text format, and its counters move") {
  Client client;
  auto metrics = client.get("/metrics");
  CHECK(metrics.header("content-type") == "text/plain; version=0.0.4; charset=utf-8");
  const auto& index = embedded_name_index();
  std::string info = "mojifinder_info{unicode_version=\"";
  info.append(index.unicode_version()).append("\",emoji_version=\"").append(index.emoji_version());
  info.append("\",cldr_version=\"").append(index.cldr_version()).append("\"} 1\n");
  CHECK(metrics.body.find(info) != std::string::npos);
  CHECK(metrics.body.find("mojifinder_queries_total{protocol=\"http\"} 0\n") != std::string::npos);
  CHECK(metrics.body.find("mojifinder_http_responses_total{status=\"200\"} 0\n") != std::string::npos);
  client.get("/search?q=cat+face");
  client.get("/search?q=%FF");
  client.get("/nowhere");
  metrics = client.get("/metrics");
  CHECK(metrics.body.find("mojifinder_queries_total{protocol=\"http\"} 1\n") != std::string::npos);
  // The first /metrics is counted too.
  CHECK(metrics.body.find("mojifinder_http_responses_total{status=\"200\"} 2\n") != std::string::npos);
  CHECK(metrics.body.find("mojifinder_http_responses_total{status=\"400\"} 1\n") != std::string::npos);
  CHECK(metrics.body.find("mojifinder_http_responses_total{status=\"404\"} 1\n") != std::string::npos);
  CHECK(metrics.body.find("mojifinder_errors_total{kind=\"not_utf8\"} 1\n") != std::string::npos);
  // Every line is a comment or `name{labels} value`.
  for (std::size_t at = 0; at < metrics.body.size();) {
    const auto end = metrics.body.find('\n', at);
    REQUIRE(end != std::string::npos);
    const auto line = std::string_view(metrics.body).substr(at, end - at);
    CAPTURE(line);
    CHECK((line.starts_with("# HELP mojifinder_") || line.starts_with("# TYPE mojifinder_") ||
           (line.starts_with("mojifinder_") && line.find(' ') != std::string_view::npos)));
    at = end + 1;
  }
}

TEST_CASE("http conversation: lang= finds by a language's keywords too, with short names, and the page takes the browser's") {
  Client client;
  const auto french = client.get("/search?q=chat+qui+boude&lang=fr-CH");
  CHECK(french.status == 200);
  CHECK(french.body == "[{\"char\":\"\U0001F63E\",\"name\":\"POUTING CAT FACE\",\"short_name\":\"chat qui boude\"}]");
  CHECK(client.get("/search?q=chat+qui+boude").body == "[]");
  CHECK(client.get("/search?q=chat+qui+boude&lang=").body == "[]");
  const auto unknown = client.get("/search?q=cat&lang=xx");
  CHECK(unknown.status == 422);
  CHECK(unknown.body == "{\"detail\":[{\"loc\":[\"query\",\"lang\"],\"msg\":\"unknown language: GET /languages lists "
                        "them\",\"type\":\"value_error.language\"}]}");
  CHECK(client.get("/search?q=cat&lang=%ZZ").status == 400);
  const auto languages = nlohmann::json::parse(client.get("/languages").body);
  REQUIRE(languages.size() == embedded_name_index().locales().size());
  CHECK(languages[0] == nlohmann::json::parse(R"({"code":"af","name":"Afrikaans"})"));
  // The page: the URL's language, else the first of Accept-Language the
  // index has; `lang=` for none, where a word of another language is
  // still found in it, and said so. Its links keep the choice.
  const auto page = client.get("/?q=katze", "Accept-Language: xx, de-AT;q=0.9, fr;q=0.8\r\n");
  CHECK(page.body.find("<option value=\"de\" selected>Deutsch</option>") != std::string::npos);
  CHECK(page.body.find("CAT FACE") != std::string::npos);
  const auto no_language = client.get("/?q=katze&lang=", "Accept-Language: de\r\n");
  CHECK(no_language.body.find(" selected>") == std::string::npos);
  CHECK(no_language.body.find(" found in de</p>") != std::string::npos);
  const auto code_point_order = client.get("/?q=katze&lang=&order=codepoint", "Accept-Language: de\r\n");
  CHECK(code_point_order.body.find("CAT FACE") == std::string::npos);
  const auto long_page = client.get("/?q=cjk&lang=ja");
  CHECK(long_page.body.find("href=\"/?q=cjk&amp;lang=ja&amp;offset=100\"") != std::string::npos);
  // The browser's own language is left out of the links.
  const auto own_language = client.get("/?q=cjk&lang=ja", "Accept-Language: ja\r\n");
  CHECK(own_language.body.find("href=\"/?q=cjk&amp;offset=100\"") != std::string::npos);
}
