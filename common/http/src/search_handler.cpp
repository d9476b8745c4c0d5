#include "handlers.hpp"
#include "index_documents.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <initializer_list>
#include <cstdint>
#include <optional>

#include "mojifinder/front_end/refusal.hpp"
#include "mojifinder/http/http_limits.hpp"
#include "mojifinder/http/http_message.hpp"
#include "mojifinder/query/query.hpp"
#include "mojifinder/text/ascii.hpp"
#include "mojifinder/text/utf8.hpp"
#include "mojifinder/text/words.hpp"

namespace mojifinder::http {

namespace {

// A query parameter as a number in [low, high]: nullopt when absent, and
// `type` and `message` set as pydantic writes them when it is not one.
struct NumberParameter {
  std::optional<std::size_t> value;
  std::string_view type;  // empty: no error
  std::string message;
};
NumberParameter number_parameter(std::optional<std::string_view> raw_value, std::size_t low, std::size_t high) {
  bool malformed = false;
  const auto text = decode_query_parameter(raw_value, malformed);
  NumberParameter out;
  if (!text && !malformed) return out;
  // Signed, as pydantic reads it: `-1` is a number below every low bound,
  // not a malformed one.
  std::int64_t value = 0;
  const auto* first = text ? text->data() : nullptr;
  const auto* last = text ? text->data() + text->size() : nullptr;
  const auto [end, ec] = std::from_chars(first, last, value);
  if (malformed || !text || text->empty() || ec == std::errc::invalid_argument || end != last) {
    out.type = "type_error.integer";
    out.message = "value is not a valid integer";
    return out;
  }
  // Beyond 64 bits, the sign says which bound it passed.
  const bool beyond = ec == std::errc::result_out_of_range;
  const bool too_small = beyond ? text->front() == '-' : value < 0 || static_cast<std::size_t>(value) < low;
  const bool too_large = beyond ? text->front() != '-' : value > 0 && static_cast<std::size_t>(value) > high;
  if (too_small) {
    out.type = "value_error.number.not_ge";
    out.message = "ensure this value is greater than or equal to " + std::to_string(low);
    return out;
  }
  if (too_large) {
    out.type = "value_error.number.not_le";
    out.message = "ensure this value is less than or equal to " + std::to_string(high);
    return out;
  }
  out.value = static_cast<std::size_t>(value);
  return out;
}

// An item's weight (RFC 9110 12.4.2) in thousandths, from its parameters
// (`;q=0.8`; 1000 without one); nullopt for a weight that is no qvalue.
std::optional<unsigned> weight_of(std::string_view parameters) {
  unsigned weight = 1000;
  while (!parameters.empty()) {
    parameters.remove_prefix(1);  // the `;`
    const auto end = std::min(parameters.find(';'), parameters.size());
    const auto parameter = ascii::trim_spaces_and_tabs(parameters.substr(0, end));
    parameters.remove_prefix(end);
    const auto equals = parameter.find('=');
    if (equals == std::string_view::npos ||
        !ascii::equal_ignoring_case(ascii::trim_spaces_and_tabs(parameter.substr(0, equals)), "q")) {
      continue;
    }
    const auto value = ascii::trim_spaces_and_tabs(parameter.substr(equals + 1));
    // "0" to "1", at most three decimals: `0.8`, `1.000`.
    if (value.empty() || (value[0] != '0' && value[0] != '1') || value.size() > 5 ||
        (value.size() > 1 && value[1] != '.')) {
      return std::nullopt;
    }
    weight = value[0] == '1' ? 1000 : 0;
    unsigned scale = 100;
    for (const char c : value.substr(std::min<std::size_t>(2, value.size()))) {
      if (!ascii::is_digit(c) || (value[0] == '1' && c != '0')) return std::nullopt;
      weight += static_cast<unsigned>(c - '0') * scale;
      scale /= 10;
    }
  }
  return weight;
}

// The language of an Accept-Language header (`fr-CH, fr;q=0.9, en;q=0.8`,
// its field lines joined) that the index has and the client weighs most,
// the first given of equal weights; a weight of 0 is "not this one". Null
// when none is.
const NameIndex::Locale* preferred_locale(const NameIndex& index, std::string_view header) {
  const NameIndex::Locale* best = nullptr;
  unsigned best_weight = 0;
  while (!header.empty()) {
    const auto comma = std::min(header.find(','), header.size());
    const auto item = header.substr(0, comma);
    header.remove_prefix(std::min(header.size(), comma + 1));
    const auto semicolon = std::min(item.find(';'), item.size());
    const auto weight = weight_of(item.substr(semicolon));
    if (!weight || *weight <= best_weight) continue;
    if (const auto* locale = index.find_locale(ascii::trim_spaces_and_tabs(item.substr(0, semicolon)))) {
      best = locale;
      best_weight = *weight;
    }
  }
  return best;
}

// The parameters /search and the page read, each found once.
enum class Parameter : std::size_t { q, view, limit, offset, lang, prefer_lang, order, fields };
constexpr std::array<std::string_view, 8> parameter_names{"q",    "view",        "limit", "offset",
                                                          "lang", "prefer_lang", "order", "fields"};
using RawParameters = std::array<std::optional<std::string_view>, parameter_names.size()>;
std::optional<std::string_view> raw_of(const RawParameters& raw, Parameter name) {
  return raw[static_cast<std::size_t>(name)];
}

// A value not one of those a parameter names (`order=best`), as pydantic
// words it: "value is not a valid enumeration member; permitted: 'a', 'b'".
HttpResponse not_permitted(std::string_view parameter, std::initializer_list<std::string_view> permitted) {
  std::string message = "value is not a valid enumeration member; permitted: ";
  const char* separator = "";
  for (const auto value : permitted) {
    ((((message += separator) += '\'') += value) += '\'');
    separator = ", ";
  }
  return validation_error_response(parameter, message, "type_error.enum");
}

}  // namespace

HttpResponse respond_search(const HandlerContext& context, const HttpRequest& request, std::string_view query_string,
                            bool page) {
  const auto& index = context.index;
  auto& counters = context.counters;
  HttpResponse response;
  auto& reply = response.search;
  RawParameters raw;
  find_query_parameters(query_string, parameter_names, raw);
  const auto decoded = [&](Parameter name, bool& malformed) { return decode_query_parameter(raw_of(raw, name), malformed); };
  bool malformed = false;
  auto q = decoded(Parameter::q, malformed);
  const bool q_malformed = malformed;
  // The API answers a bad parameter with its error; the page shows it, in
  // the page, with the same status, the query kept in its box.
  const auto page_error = [&](int status, std::string detail) {
    if (q && !q_malformed && utf8::is_valid(*q)) reply.query.assign(strip_white_space(*q));
    response.body = HttpResponse::Body::page;
    response.content_type = html_type;
    response.security_policy = page_security_policy;
    response.status = status;
    reply.error = std::move(detail);
    return std::move(response);
  };
  // A parameter not percent-encoded properly: the API names it, the page
  // says what it is in words.
  const auto not_percent_encoded = [&](std::string_view parameter, std::string_view in_words) {
    if (page) return page_error(400, "The " + std::string(in_words) + " is not percent-encoded properly.");
    return error_response(400, std::string(parameter) + " is not percent-encoded properly");
  };
  const auto unknown_language = [&](std::string_view parameter) {
    return validation_error_response(parameter, "unknown language: GET /languages lists them", "value_error.language");
  };
  if (page) {
    // Every page says which language is the browser's, so that its links
    // and script leave that one out of the URL.
    reply.browser_language = preferred_locale(index, request.accept_language);
    response.varies_by_language = true;
    bool view_malformed = false;  // a view it cannot read is the automatic one
    const auto view = decoded(Parameter::view, view_malformed);
    if (view && *view == "grid") reply.view = PageView::grid;
    if (view && *view == "list") reply.view = PageView::list;
  }
  if (q_malformed) return not_percent_encoded("q", "query");
  if (!q && !page) return validation_error_response("q", "field required", "value_error.missing");
  const auto limit = number_parameter(raw_of(raw, Parameter::limit), 1, max_limit);
  if (!page && !limit.type.empty()) return validation_error_response("limit", limit.message, limit.type);
  const auto offset = number_parameter(raw_of(raw, Parameter::offset), 0, max_http_offset);
  if (!offset.type.empty()) {
    if (page) return page_error(422, "The page's offset is not right: " + std::string(offset.message) + ".");
    return validation_error_response("offset", offset.message, offset.type);
  }
  if (q && !utf8::is_valid(*q)) {
    // The API's and the page's own words for it.
    const auto refused = not_utf8_error();
    count_refusal(counters, refused);
    const auto status = refusal_form(refused.code).http_status;
    if (page) return page_error(status, "The query is not UTF-8 once decoded.");
    return error_response(status, "q is not UTF-8 once decoded");
  }
  // `lang=fr`: keywords and short names in French count too; `lang=` for
  // names only. The page with no `lang` takes the browser's language.
  const auto lang = decoded(Parameter::lang, malformed);
  if (malformed) return not_percent_encoded("lang", "language");
  if (lang && !lang->empty()) {
    reply.language = index.find_locale(*lang);
    if (reply.language == nullptr && !page) return unknown_language("lang");
  } else if (!lang && !page) {
    // `prefer_lang=fr`, as the page's script asks in the browser's
    // language: it comes first, and words of no field of it are looked for
    // in every other language.
    const auto prefer = decoded(Parameter::prefer_lang, malformed);
    if (malformed) return not_percent_encoded("prefer_lang", "language");
    if (prefer && !prefer->empty()) {
      reply.language = index.find_locale(*prefer);
      if (reply.language == nullptr) return unknown_language("prefer_lang");
      reply.language_choice = LanguageChoice::preferred;
    }
  } else if (!lang && page) {
    // The browser's language comes first, and other languages' words are
    // found too (a Spanish word on an English page).
    reply.language = reply.browser_language;
    reply.language_choice = LanguageChoice::preferred;
  }
  // `order=relevance`, the best match first; the API keeps the original's
  // code point order unless asked, the page ranks unless asked not to.
  const auto order = decoded(Parameter::order, malformed);
  if (malformed) return not_percent_encoded("order", "order");
  reply.order = page ? Order::relevance : Order::codepoint;
  if (order && !order->empty()) {
    const auto named = parse_order(*order);
    if (!named && !page) return not_permitted("order", {"codepoint", "relevance"});
    if (named) reply.order = *named;
  }
  // `fields=all`: each item carries all the page shows of it; the
  // original's two fields (and a language's short name) otherwise.
  if (!page) {
    const auto fields = decoded(Parameter::fields, malformed);
    if (malformed) return not_percent_encoded("fields", "fields");
    if (fields && !fields->empty() && *fields != "original" && *fields != "all") {
      return not_permitted("fields", {"original", "all"});
    }
    reply.all_fields = fields && *fields == "all";
  }
  response.body = page ? HttpResponse::Body::page : HttpResponse::Body::search;
  response.content_type = page ? html_type : json_type;
  reply.limit = page ? page_results : limit.value.value_or(0);
  reply.offset = offset.value.value_or(0);
  if (page) response.security_policy = page_security_policy;
  // The query as a line would give it: stripped, and searched unless it is
  // empty; but a control character anywhere, first too, is an error (a
  // URL has no session to end).
  const auto text = strip_white_space(q ? std::string_view(*q) : std::string_view());
  auto error = check_query_text(text);
  if (!error) reply.query.assign(text);
  if (!error && !reply.query.empty()) {
    counters.count(counters.queries);
    counters.count(counters.queries_by_protocol[ServerCounters::http]);
    error = start_answer(context, reply);
    reply.searched = !error;
  }
  if (error) {
    count_refusal(counters, *error);
    const auto status = refusal_form(error->code).http_status;
    if (!page) return error_response(status, error->detail);
    // The page says why, where the caption would count the results.
    response.status = status;
    reply.error = std::move(error->detail);
    if (reply.query.empty()) reply.query.assign(*q);
    return response;
  }
  // Made from the index, the web files and the request alone: tagged, so
  // that a cache may ask whether it changed.
  response.cache_control = revalidated_cache;
  tag_entity(response, index_identity(index), request.target, request.if_none_match, request.accepts_gzip);
  return response;
}

std::optional<QueryError> start_answer(const HandlerContext& context, const SearchReply& search) {
  return context.answer->start(context.index, Query{search.query, search.language, search.limit, search.offset,
                                                    search.order, search.language_choice});
}

}  // namespace mojifinder::http
