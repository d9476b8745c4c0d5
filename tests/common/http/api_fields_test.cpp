// `fields=all`: the API's items carry all the page shows of a result, so
// that the page's script renders rows from JSON alone; the original's two
// fields stay the default.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "support/http_client.hpp"

using namespace mojifinder::test;

namespace {

// The text of an HTML attribute or element, as a browser reads it.
std::string html_unescaped(std::string text) {
  for (const auto& [entity, character] : std::vector<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}}) {
    for (auto at = text.find(entity); at != std::string::npos; at = text.find(entity, at + character.size())) {
      text.replace(at, entity.size(), character);
    }
  }
  return text;
}

// A row of the page, as the server rendered it.
struct Row {
  bool symbol = false;
  std::string block, category, glyph, name;
};

std::vector<Row> rows_of(const std::string& page) {
  static const std::regex row(
      "<li( class=\"s\")?(?: data-block=\"([^\"]*)\")?(?: data-category=\"([^\"]*)\")?><a class=\"glyph\" "
      "href=\"[^\"]*\">([^<]*)</a><span class=\"names\">(?:<span class=\"short\">[^<]*</span>)?"
      "<span class=\"name\">([^<]*)</span>");
  std::vector<Row> rows;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), row); it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    rows.push_back({m[1].matched, html_unescaped(m[2]), html_unescaped(m[3]), html_unescaped(m[4]),
                    html_unescaped(m[5])});
  }
  return rows;
}

}  // namespace

TEST_CASE("api fields: fields=all gives each item its glyph as shown, its tile, block and category, on exact bytes") {
  Client client;
  const auto response = client.get("/search?q=U%2B0007+U%2B0301+U%2B1F431+U%2B2028&fields=all");
  CHECK(response.status == 200);
  CHECK(response.body ==
        "[{\"char\":\"\\u0007\",\"name\":\"ALERT\",\"shown\":\"\xE2\x90\x87\",\"symbol\":false,"
        "\"block\":\"Basic Latin\",\"category\":\"Control (Cc)\"},"
        "{\"char\":\"\xCC\x81\",\"name\":\"COMBINING ACUTE ACCENT\",\"shown\":\"\xE2\x97\x8C\xCC\x81\",\"symbol\":false,"
        "\"block\":\"Combining Diacritical Marks\",\"category\":\"Nonspacing Mark (Mn)\"},"
        "{\"char\":\"\xF0\x9F\x90\xB1\",\"name\":\"CAT FACE\",\"shown\":\"\xF0\x9F\x90\xB1\",\"symbol\":true,"
        "\"block\":\"Miscellaneous Symbols And Pictographs\",\"category\":\"Other Symbol (So)\"},"
        "{\"char\":\"\\u2028\",\"name\":\"LINE SEPARATOR\",\"shown\":\"\xE2\x90\xA4\",\"symbol\":false,"
        "\"block\":\"General Punctuation\",\"category\":\"Line Separator (Zl)\"}]");
  // A sequence has no block or category of its own.
  CHECK(client.get("/search?q=flag+japan&fields=all").body ==
        "[{\"char\":\"\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5\",\"name\":\"flag: Japan\","
        "\"shown\":\"\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5\",\"symbol\":true}]");
}

TEST_CASE("api fields: the items of fields=all say what the page's rows show, result by result") {
  Client client;
  for (const std::string query : {"cat+face", "U%2B0000..U%2B0020", "combining+acute", "family", "flag+j*",
                                  "U%2B2028+U%2B202E+U%2B0378+U%2BD800+U%2BE000", "block%3Aarrows+double"}) {
    CAPTURE(query);
    const auto page = client.get("/?q=" + query);
    const auto api = client.get("/search?q=" + query + "&order=relevance&limit=100&fields=all");
    REQUIRE(page.status == 200);
    REQUIRE(api.status == 200);
    const auto rows = rows_of(page.body);
    const auto items = nlohmann::json::parse(api.body);
    REQUIRE(!rows.empty());
    REQUIRE(rows.size() == items.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      CAPTURE(i);
      const auto& item = items[i];
      CHECK(item["name"] == rows[i].name);
      CHECK(item["shown"] == rows[i].glyph);
      CHECK(item["symbol"] == rows[i].symbol);
      CHECK(item.value("block", "") == rows[i].block);
      CHECK(item.value("category", "") == rows[i].category);
    }
  }
}

TEST_CASE("api fields: the original's two fields unless asked, in either order, and fields= is checked") {
  Client client;
  const auto plain = client.get("/search?q=cat+face&order=relevance");
  CHECK(plain.body.starts_with("[{\"char\":\"\xF0\x9F\x90\xB1\",\"name\":\"CAT FACE\"},"));
  CHECK(client.get("/search?q=cat+face&order=relevance&fields=original").body == plain.body);
  CHECK(client.get("/search?q=cat+face&fields=").body == client.get("/search?q=cat+face").body);
  const auto refused = client.get("/search?q=cat+face&fields=everything");
  CHECK(refused.status == 422);
  CHECK(refused.body ==
        "{\"detail\":[{\"loc\":[\"query\",\"fields\"],\"msg\":\"value is not a valid enumeration member; "
        "permitted: 'original', 'all'\",\"type\":\"type_error.enum\"}]}");
  CHECK(client.get("/search?q=cat&fields=%ZZ").status == 400);
  // Each form is its own entity: a cache keeps them apart.
  CHECK(client.get("/search?q=cat+face&fields=all").headers.at("etag") != plain.headers.at("etag"));
}
