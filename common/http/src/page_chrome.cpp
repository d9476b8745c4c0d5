#include "page_chrome.hpp"

#include <algorithm>

#include "index_documents.hpp"
#include "mojifinder/answer/answer.hpp"
#include "mojifinder/http/http_limits.hpp"
#include "mojifinder/http/web_assets.hpp"
#include "mojifinder/index/render.hpp"
#include "mojifinder/text/escape.hpp"

namespace mojifinder::http {

namespace {

using View = PageView;

// 98,263: a count as a reader takes it in.
void append_grouped(std::string& out, std::size_t value) {
  std::string digits;
  append_decimal(digits, value);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
}

// What a link to another page of the same answer keeps: the language,
// unless it is the browser's own; code point order and a view, when the
// URL asked for them.
struct LinkState {
  std::string_view query;
  const NameIndex::Locale* language;
  const NameIndex::Locale* browser_language;
  Order order;
  View view;
};

// `/?q=cat+face&lang=fr&offset=100`, escaped for an attribute.
void append_page_link(std::string& out, const LinkState& state, std::size_t offset, View view) {
  out += "/?q=";
  append_url_query_text(out, state.query);
  if (state.language != state.browser_language) {
    out += "&amp;lang=";
    if (state.language != nullptr) append_html_text(out, state.language->code());
  }
  if (state.order == Order::codepoint) out += "&amp;order=codepoint";
  if (view != View::automatic) out += view == View::grid ? "&amp;view=grid" : "&amp;view=list";
  if (offset > 0) {
    out += "&amp;offset=";
    append_decimal(out, offset);
  }
}

// The page's language selector: names only, then every language, the one
// in use selected.
void append_language_options(std::string& out, const NameIndex& index, const NameIndex::Locale* selected) {
  out += "<option value=\"\">Names only</option>";
  for (const auto& [code, name] : language_names(index)) {
    out += "<option value=\"";
    append_html_text(out, code);
    out += '"';
    if (selected != nullptr && selected->code() == code) out += " selected";
    out += '>';
    append_html_text(out, name);
    out += "</option>";
  }
}

// The toggle between tiles and lines: links, the one asked for current.
void append_view_links(std::string& out, const LinkState& state, std::size_t offset) {
  for (const auto view : {View::grid, View::list}) {
    out += "<a href=\"";
    append_page_link(out, state, offset, view);
    out += '"';
    if (state.view == view) out += " aria-current=\"true\"";
    out += view == View::grid ? " data-view=\"grid\">Grid</a>" : " data-view=\"list\">List</a>";
  }
}

}  // namespace

std::size_t page_shown(const SearchReply& reply) noexcept {
  const auto left = reply.total - std::min(reply.total, reply.offset);
  return reply.limit == 0 ? left : std::min(reply.limit, left);
}

void append_page_top(std::string& out, const NameIndex& index, const SearchReply& reply) {
  const LinkState state{reply.query, reply.language, reply.browser_language, reply.order, reply.view};
  const bool found = reply.searched && reply.total > 0;
  const auto page = web::page_template();
  const auto rows = page.find("{{rows}}");
  auto top = page.substr(0, rows);
  while (!top.empty()) {
    const auto open = top.find("{{");
    out += top.substr(0, open);
    if (open == std::string_view::npos) break;
    const auto close = top.find("}}", open);
    const auto name = top.substr(open + 2, close - open - 2);
    top.remove_prefix(close + 2);
    if (name == "title") {
      if (!reply.query.empty()) {
        append_html_text(out, reply.query);
        out += " \xE2\x80\x93 ";  // an en dash
      }
      out += "Mojifinder";
    } else if (name == "query") {
      append_html_text(out, reply.query);
    } else if (name == "caption_class") {
      if (!reply.error.empty()) out += "error";
    } else if (name == "caption") {
      if (!reply.error.empty()) {
        append_html_text(out, reply.error);
      } else if (reply.searched) {
        if (reply.total == 0) {
          out += "Nothing found for ";
          append_html_text(out, reply.query);
        } else {
          if (!reply.corrected.empty()) {
            out += "Nothing found";
            append_correction(out, Page{.asked = reply.asked, .corrected = reply.corrected, .found_in = {}}, append_html_text);
            out += ": ";
          }
          append_grouped(out, reply.total);
          out += reply.total == 1 ? " character found" : " characters found";
          if (!reply.found_in.empty()) {
            out += " in ";
            append_html_text(out, reply.found_in);
          }
          if (reply.offset >= reply.total) {
            out += "; none from number ";
            append_grouped(out, reply.offset + 1);
            out += " on";
          }
        }
      }
    } else if (name == "views") {
      if (found) append_view_links(out, state, reply.offset);
    } else if (name == "examples") {
      // Ideas to start from, on the landing page and when nothing is found.
      if (found || !reply.error.empty()) out += " hidden";
    } else if (name == "examples_title") {
      out += reply.searched ? "Try fewer words, the start of a word and *, another language, or one of these"
                            : "Type words of a name, paste a character, or try one of these";
    } else if (name == "view") {
      out += reply.view == View::grid ? "grid" : reply.view == View::list ? "list" : "auto";
    } else if (name == "total") {
      if (reply.searched) append_decimal(out, reply.total);
    } else if (name == "first") {
      if (reply.searched) append_decimal(out, reply.offset);
    } else if (name == "next") {
      if (reply.searched) append_decimal(out, reply.offset + page_shown(reply));
    } else if (name == "browser_lang") {
      if (reply.browser_language != nullptr) append_html_text(out, reply.browser_language->code());
    } else if (name == "languages") {
      append_language_options(out, index, reply.language);
    } else if (name == "hidden") {
      // What the URL asked for beyond the form's fields, kept by its next
      // search: code point order and a view.
      if (reply.order == Order::codepoint) out += "<input type=\"hidden\" name=\"order\" value=\"codepoint\">";
      if (reply.view != View::automatic) {
        out += reply.view == View::grid ? "<input type=\"hidden\" name=\"view\" value=\"grid\">"
                                        : "<input type=\"hidden\" name=\"view\" value=\"list\">";
      }
    }
  }
}

void append_page_bottom(std::string& out, const SearchReply& reply) {
  const LinkState state{reply.query, reply.language, reply.browser_language, reply.order, reply.view};
  const auto page = web::page_template();
  auto bottom = page.substr(page.find("{{rows}}") + 8);
  const auto pager = bottom.find("{{pager}}");
  out += bottom.substr(0, pager);
  if (reply.searched && reply.total > 0) {
    const auto shown = page_shown(reply);
    const auto first = reply.offset;
    // Past the end, the way back is to the last page there is.
    const auto last_page = (reply.total - 1) / page_results * page_results;
    if (first > 0) {
      const auto previous = std::min(first > page_results ? first - page_results : 0, last_page);
      out += "<a rel=\"prev\" href=\"";
      append_page_link(out, state, previous, reply.view);
      out += "\">Previous ";
      append_grouped(out, std::min(page_results, reply.total - previous));
      out += "</a> ";
    }
    if (shown > 0) {
      out += "<span>";
      append_grouped(out, first + 1);
      out += " to ";
      append_grouped(out, first + shown);
      out += " of ";
      append_grouped(out, reply.total);
      out += "</span>";
    }
    if (first + shown < reply.total) {
      out += " <a rel=\"next\" href=\"";
      append_page_link(out, state, first + shown, reply.view);
      out += "\">Next ";
      append_grouped(out, std::min(page_results, reply.total - first - shown));
      out += "</a>";
    }
  }
  out += bottom.substr(pager + 9);
}

void add_page_chrome(std::vector<std::string_view>& content, std::string& around,
                     std::span<const std::string_view> rows, const NameIndex& index, const HttpResponse& response,
                     bool first, bool last) {
  around.clear();
  const bool page = response.body == HttpResponse::Body::page;
  // The top, then the bottom, in one buffer: the views are taken once
  // both are written.
  if (page && first) append_page_top(around, index, response.search);
  const auto top_size = around.size();
  if (page && last) append_page_bottom(around, response.search);
  const auto top = std::string_view(around).substr(0, top_size);
  const auto bottom = std::string_view(around).substr(top_size);
  content.clear();
  if (!top.empty()) content.push_back(top);
  for (const auto row : rows) content.push_back(row);
  if (!bottom.empty()) content.push_back(bottom);
}

}  // namespace mojifinder::http
