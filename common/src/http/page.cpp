#include "http_reply.hpp"

#include <algorithm>

#include "mojifinder/ascii.hpp"
#include "mojifinder/escape.hpp"
#include "mojifinder/render.hpp"
#include "mojifinder/web_assets.hpp"

namespace mojifinder {

using namespace http;

namespace {

// `/?q=cat+face&lang=fr&offset=100`: a link to another page of the same
// query, in code point order too when it was asked for.
void append_page_link(std::string& out, std::string_view query, const NameIndex::Locale* language, Order order,
                      std::size_t offset) {
  constexpr auto hex = ascii::upper_hex_digits;
  out += "/?q=";
  for (const char c : query) {
    const auto byte = static_cast<unsigned char>(c);
    if (ascii::is_letter(c) || ascii::is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '*') {
      out += c;
    } else if (byte == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[byte >> 4];
      out += hex[byte & 0xF];
    }
  }
  out += "&amp;lang=";
  if (language != nullptr) append_html_text(out, language->code());
  if (order == Order::codepoint) out += "&amp;order=codepoint";
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

}  // namespace

std::size_t HttpConversation::page_shown() const noexcept {
  const auto& reply = *reply_;
  const auto left = reply.total - std::min(reply.total, reply.offset);
  return reply.limit == 0 ? left : std::min(reply.limit, left);
}

void HttpConversation::render_page_top(std::string& out) const {
  const auto& reply = *reply_;
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
    } else if (name == "caption") {
      if (!reply.error.empty()) {
        append_html_text(out, reply.error);
      } else if (reply.searched) {
        if (!reply.corrected.empty()) {
          out += "Nothing found for ";
          append_html_text(out, reply.asked);
          out += "; showing ";
          append_html_text(out, reply.corrected);
          out += ": ";
        }
        append_decimal(out, reply.total);
        out += reply.total == 1 ? " character found" : " characters found";
      }
    } else if (name == "total") {
      if (reply.searched) append_decimal(out, reply.total);
    } else if (name == "next") {
      if (reply.searched) append_decimal(out, reply.offset + page_shown());
    } else if (name == "languages") {
      append_language_options(out, index_, reply.language);
    } else if (name == "order") {
      // Code point order, asked for, is kept by the form's next search.
      if (reply.order == Order::codepoint) out += "<input type=\"hidden\" name=\"order\" value=\"codepoint\">";
    }
  }
}

void HttpConversation::render_page_bottom(std::string& out) const {
  const auto& reply = *reply_;
  const auto page = web::page_template();
  auto bottom = page.substr(page.find("{{rows}}") + 8);
  const auto pager = bottom.find("{{pager}}");
  out += bottom.substr(0, pager);
  if (reply.searched) {
    const auto shown = page_shown();
    const auto first = reply.offset;
    if (first > 0) {
      out += "<a rel=\"prev\" href=\"";
      append_page_link(out, reply.query, reply.language, reply.order, first > page_results ? first - page_results : 0);
      out += "\">Previous ";
      append_decimal(out, std::min(first, page_results));
      out += "</a> ";
    }
    if (shown > 0) {
      out += "<span>";
      append_decimal(out, first + 1);
      out += " to ";
      append_decimal(out, first + shown);
      out += " of ";
      append_decimal(out, reply.total);
      out += "</span>";
    }
    if (first + shown < reply.total) {
      out += " <a rel=\"next\" href=\"";
      append_page_link(out, reply.query, reply.language, reply.order, first + shown);
      out += "\">Next ";
      append_decimal(out, std::min(page_results, reply.total - first - shown));
      out += "</a>";
    }
  }
  out += bottom.substr(pager + 9);
}

}  // namespace mojifinder
