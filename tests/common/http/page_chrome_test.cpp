// The page's chrome alone: the top and the bottom around the rows, from
// the template and a search's reply, with no request and no answer.
#include "page_chrome.hpp"

#include <doctest/doctest.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "mojifinder/embedded_index.hpp"
#include "mojifinder/http/web_assets.hpp"

using namespace mojifinder;
using namespace mojifinder::http;

namespace {

SearchReply found(std::size_t total, std::size_t offset) {
  SearchReply search;
  search.query = "a<b";
  search.order = Order::relevance;
  search.limit = 100;
  search.offset = offset;
  search.searched = true;
  search.total = total;
  return search;
}

}  // namespace

TEST_CASE("page chrome: the caption counts what was found, and the pager links to the pages around") {
  const auto search = found(98'263, 100);
  std::string top;
  append_page_top(top, embedded_name_index(), search);
  CHECK(top.find("<title>a&lt;b \xE2\x80\x93 Mojifinder</title>") != std::string::npos);
  CHECK(top.find("role=\"status\" aria-live=\"polite\">98,263 characters found</p>") != std::string::npos);
  CHECK(top.find("data-total=\"98263\" data-first=\"100\" data-next=\"200\"") != std::string::npos);
  // The top ends where the rows begin.
  CHECK(top.ends_with("data-browser-lang=\"\">\n"));
  std::string bottom;
  append_page_bottom(bottom, search);
  CHECK(bottom.starts_with("</ol>"));
  CHECK(bottom.find("<a rel=\"prev\" href=\"/?q=a%3Cb\">Previous 100</a> <span>101 to 200 of 98,263</span> "
                    "<a rel=\"next\" href=\"/?q=a%3Cb&amp;offset=200\">Next 100</a>") != std::string::npos);
  CHECK(page_shown(search) == 100);
  // Past the end: none shown, and the way back is to the last page.
  const auto past = found(150, 1000);
  CHECK(page_shown(past) == 0);
  std::string past_top, past_bottom;
  append_page_top(past_top, embedded_name_index(), past);
  append_page_bottom(past_bottom, past);
  CHECK(past_top.find(">150 characters found; none from number 1,001 on</p>") != std::string::npos);
  CHECK(past_bottom.find("<a rel=\"prev\" href=\"/?q=a%3Cb&amp;offset=100\">Previous 50</a> </nav>") !=
        std::string::npos);
}

TEST_CASE("page chrome: an error takes the caption's place, and the landing page shows examples") {
  SearchReply refused;
  refused.query = "x";
  refused.error = "The query is not UTF-8 once decoded.";
  std::string top;
  append_page_top(top, embedded_name_index(), refused);
  CHECK(top.find("class=\"error\" role=\"status\" aria-live=\"polite\">The query is not UTF-8 once decoded.</p>") !=
        std::string::npos);
  CHECK(top.find("<section id=\"examples\" aria-labelledby=\"examples-title\" hidden>") != std::string::npos);
  std::string landing;
  append_page_top(landing, embedded_name_index(), SearchReply{});
  CHECK(landing.find("<title>Mojifinder</title>") != std::string::npos);
  CHECK(landing.find("<section id=\"examples\" aria-labelledby=\"examples-title\">") != std::string::npos);
  CHECK(landing.find("Type words of a name, paste a character, or try one of these") != std::string::npos);
}

TEST_CASE("page chrome: the stage wraps a page's rows, and passes a search's as they are") {
  const std::array<std::string_view, 2> rows{"<li>1</li>", "<li>2</li>"};
  std::vector<std::string_view> content;
  std::string around;
  HttpResponse search;
  search.body = HttpResponse::Body::search;
  add_page_chrome(content, around, rows, embedded_name_index(), search, true, true);
  CHECK(content == std::vector<std::string_view>(rows.begin(), rows.end()));
  CHECK(around.empty());

  HttpResponse page;
  page.body = HttpResponse::Body::page;
  page.search = found(2, 0);
  add_page_chrome(content, around, rows, embedded_name_index(), page, true, true);
  REQUIRE(content.size() == 4);
  std::string whole;
  for (const auto part : content) whole += part;
  // The template, its rows' place filled by the rows.
  const auto page_template = web::page_template();
  CHECK(whole.starts_with(page_template.substr(0, page_template.find("{{"))));
  CHECK(whole.find("\n<li>1</li><li>2</li></ol>") != std::string::npos);
  CHECK(whole.ends_with(page_template.substr(page_template.rfind("}}") + 2)));
  // A middle piece: the rows alone; the last: the rows and the bottom.
  add_page_chrome(content, around, rows, embedded_name_index(), page, false, false);
  CHECK(content.size() == 2);
  add_page_chrome(content, around, rows, embedded_name_index(), page, false, true);
  REQUIRE(content.size() == 3);
  CHECK(content[2].starts_with("</ol>"));
}
