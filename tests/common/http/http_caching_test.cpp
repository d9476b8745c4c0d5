// HTTP caching as a browser or a CDN in front uses it: entity tags that
// follow what an answer is made from, 304 for a copy still good, and the
// page's files under names that hold their digest.
#include <doctest/doctest.h>

#include <string>

#include "mojifinder/data/unicode_names.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/http/http_message.hpp"
#include "support/http_client.hpp"
#include "support/http_response.hpp"

using namespace mojifinder;
using namespace mojifinder::test;

TEST_CASE("http caching: If-None-Match reads lists, weak tags and *") {
  const std::string_view tag = "\"0123456789abcdef\"";
  CHECK(none_match_names("\"0123456789abcdef\"", tag));
  CHECK(none_match_names("W/\"0123456789abcdef\"", tag));  // compared weakly
  CHECK(none_match_names("\"x\", W/\"y\" ,\t\"0123456789abcdef\"", tag));
  CHECK(none_match_names("*", tag));
  CHECK(none_match_names(" \"x\",*", tag));
  CHECK_FALSE(none_match_names("\"0123456789abcdee\"", tag));
  CHECK_FALSE(none_match_names("", tag));
  CHECK_FALSE(none_match_names("0123456789abcdef", tag));     // not quoted
  CHECK_FALSE(none_match_names("\"0123456789abcdef", tag));   // not closed
  CHECK_FALSE(none_match_names("x, \"0123456789abcdef\"", tag));  // not a list of tags
  CHECK(entity_tag({"a", "bc"}).view() == entity_tag({"a", "bc"}).view());
  CHECK(entity_tag({"a", "bc"}).view() != entity_tag({"ab", "c"}).view());
  CHECK(is_server_entity_tag(entity_tag({"a"}).view()));
}

TEST_CASE("http caching: an answer's tag follows its request, and a copy still good gets 304, on exact bytes") {
  Client client;
  const auto first = client.get("/search?q=cat+face");
  const auto tag = first.header("etag");
  REQUIRE(is_server_entity_tag(tag));
  CHECK(first.header("cache-control") == "public, max-age=300");
  CHECK(client.get("/search?q=cat+face").header("etag") == tag);
  CHECK(client.get("/search?q=cat+face&limit=3").header("etag") != tag);
  CHECK(client.get("/search?q=cat").header("etag") != tag);
  // The gzipped answer is another representation, with a tag of its own.
  const auto gzipped = client.get("/search?q=cat+face", "Accept-Encoding: gzip\r\n");
  // Gzipped when long enough; the tag says which the client would get.
  CHECK(client.get("/search?q=face", "Accept-Encoding: gzip\r\n").header("content-encoding") == "gzip");
  CHECK(gzipped.header("etag") != tag);

  const auto not_modified =
      client.send("GET /search?q=cat+face HTTP/1.1\r\nHost: t\r\nIf-None-Match: W/\"x\", " + tag + "\r\n\r\n");
  CHECK(not_modified ==
        "HTTP/1.1 304 Not Modified\r\n"
        "Vary: Accept-Encoding\r\n"
        "Cache-Control: public, max-age=300\r\n"
        "ETag: " + tag + "\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "\r\n");
  // No body, so the connection goes on with the next request.
  CHECK_FALSE(client.closed());
  CHECK(client.get("/search?q=cat+face", "If-None-Match: \"0000000000000000\"\r\n").status == 200);
  CHECK(client.get("/search?q=cat+face", "If-None-Match: *\r\n").status == 304);
  // HEAD is answered as GET would be: a 304 head.
  const auto head = client.send("HEAD /search?q=cat+face HTTP/1.1\r\nHost: t\r\nIf-None-Match: " + tag + "\r\n\r\n");
  CHECK(head.starts_with("HTTP/1.1 304 Not Modified\r\n"));
  CHECK(head.ends_with("\r\n\r\n"));
  // The gzipped copy's tag stands for the gzipped answer only.
  CHECK(client.get("/search?q=cat+face", "If-None-Match: " + gzipped.header("etag") + "\r\n").status == 200);
  CHECK(client.get("/search?q=cat+face", "Accept-Encoding: gzip\r\nIf-None-Match: " + gzipped.header("etag") + "\r\n")
            .status == 304);
}

TEST_CASE("http caching: the page, /languages and /openapi.json are tagged, errors and live figures are not") {
  Client client;
  for (const std::string target : {"/?q=cat", "/languages", "/openapi.json"}) {
    CAPTURE(target);
    const auto answer = client.get(target);
    REQUIRE(is_server_entity_tag(answer.header("etag")));
    const auto again = client.get(target, "If-None-Match: " + answer.header("etag") + "\r\n");
    CHECK(again.status == 304);
    CHECK(again.body.empty());
    CHECK(again.header("content-length").empty());
    CHECK(again.header("vary") == answer.header("vary"));
    CHECK(again.header("cache-control") == answer.header("cache-control"));
  }
  // The page is one answer per browser language, even with lang= in the
  // URL: its links leave out the language that is the browser's own.
  const auto french = client.get("/?q=chat", "Accept-Language: fr\r\n").header("etag");
  CHECK(french != client.get("/?q=chat", "Accept-Language: de\r\n").header("etag"));
  const auto chosen_by_french = client.get("/?q=chat&lang=fr", "Accept-Language: fr\r\n");
  const auto chosen_by_german = client.get("/?q=chat&lang=fr", "Accept-Language: de\r\n");
  CHECK(chosen_by_french.body != chosen_by_german.body);
  CHECK(chosen_by_french.header("etag") != chosen_by_german.header("etag"));
  CHECK(chosen_by_french.header("etag") ==
        client.get("/?q=chat&lang=fr", "Accept-Language: fr, de;q=0.5\r\n").header("etag"));
  // If-None-Match speaks of a 200's representation: an error stays one.
  for (const std::string target : {"/nowhere", "/search", "/search?q=%ZZ", "/search?q=a*b", "/?q=a*b",
                                   "/search?q=cat&limit=0"}) {
    CAPTURE(target);
    const auto answer = client.get(target, "If-None-Match: *\r\n");
    CHECK(answer.status >= 400);
    CHECK(answer.header("etag").empty());
  }
  for (const std::string target : {"/healthz", "/metrics"}) {
    CAPTURE(target);
    const auto answer = client.get(target, "If-None-Match: *\r\n");
    CHECK(answer.status == 200);
    CHECK(answer.header("etag").empty());
    CHECK(answer.header("cache-control") == "no-store");
  }
}

TEST_CASE("http caching: another index, another tag for the same request") {
  const auto& full = embedded_name_index();
  UnicodeNames names{std::string(full.unicode_version()), {}, {}, {}, {}, {}, {}, {}, {}, {}};
  for (char32_t cp = 0x41; cp <= 0x5A; ++cp) names.characters.push_back({cp, std::string(full.name(*full.find(cp)))});
  const auto letters = NameIndex::build(names);
  Client ours, theirs(letters);
  for (const std::string target : {"/search?q=latin", "/?q=latin", "/languages", "/openapi.json"}) {
    CAPTURE(target);
    CHECK(ours.get(target).header("etag") != theirs.get(target).header("etag"));
  }
}

TEST_CASE("http caching: the page links its files under their digests' names, kept for good") {
  Client client;
  const auto page = client.get("/");
  for (const std::string plain : {"/mojifinder.js", "/mojifinder.css", "/favicon.svg"}) {
    CAPTURE(plain);
    const auto dot = plain.rfind('.');
    const auto stem = plain.substr(1, dot - 1), extension = plain.substr(dot);
    // `/static/<stem>.<16 hex digits><extension>`, in the page's head.
    std::string path;
    for (auto at = page.body.find("\"/static/" + stem + "."); at != std::string::npos && path.empty();
         at = page.body.find("\"/static/" + stem + ".", at + 1)) {
      const auto link = page.body.substr(at + 1, page.body.find('"', at + 1) - at - 1);
      if (link.ends_with(extension)) path = link;
    }
    REQUIRE_FALSE(path.empty());
    CHECK(path.size() == 8 + stem.size() + 1 + 16 + extension.size());
    const auto named = client.get(path);
    CHECK(named.status == 200);
    CHECK(named.header("cache-control") == "public, max-age=31536000, immutable");
    REQUIRE(is_server_entity_tag(named.header("etag")));
    CHECK(client.get(path, "If-None-Match: " + named.header("etag") + "\r\n").status == 304);
    // The plain name serves the same bytes, to be asked again now and then.
    const auto old = client.get(plain);
    CHECK(old.body == named.body);
    CHECK(old.header("cache-control") == "public, max-age=300");
    // A name with another digest is no file of this version.
    auto other = path;
    other[8 + stem.size() + 1] = other[8 + stem.size() + 1] == '0' ? '1' : '0';
    CHECK(client.get(other).status == 404);
  }
}
