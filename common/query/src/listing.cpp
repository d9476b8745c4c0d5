// Results listed from the query's text: code points and ranges (`U+1F600`,
// `U+2600..U+260F`), and the characters of a line to identify.
#include <algorithm>
#include <string>

#include "mojifinder/index/render.hpp"
#include "mojifinder/query/results.hpp"
#include "mojifinder/text/ascii.hpp"
#include "mojifinder/text/utf8.hpp"
#include "query_detail.hpp"

namespace mojifinder {

using namespace query_detail;

namespace {

std::string code_point_label(char32_t cp) {
  std::string label;
  append_code_point_label(label, cp);
  return label;
}

struct Range {
  char32_t first = 0, last = 0;
};

// `U+` and one to six hex digits, in any case, at most U+10FFFF; the error
// naming what is wrong otherwise.
MaybeError parse_code_point(std::string_view text, char32_t& cp) {
  const auto digits = is_code_point_like(text) ? text.substr(2) : std::string_view{};
  const auto malformed = [&] {
    return malformed_query(std::string(text) + " is not a code point: U+ and 1 to 6 hex digits (U+1F600)");
  };
  if (digits.empty() || digits.size() > 6) return malformed();
  std::uint32_t value = 0;
  for (const char c : digits) {
    const int digit = ascii::hex_value(c);
    if (digit < 0) return malformed();
    value = value * 16 + static_cast<std::uint32_t>(digit);
  }
  if (value > utf8::max_code_point) return malformed_query(code_point_label(value) + " is past U+10FFFF");
  cp = static_cast<char32_t>(value);
  return std::nullopt;
}

// A token `U+XXXX` or `U+XXXX..U+YYYY`; the error naming what is wrong
// otherwise.
MaybeError parse_range(std::string_view token, Range& range) {
  if (!is_code_point_like(token)) {
    return malformed_query(std::string(token) + " is not a code point: a query of code points holds only "
                     "code points (U+1F600) and ranges (U+2600..U+260F)");
  }
  const auto dots = token.find("..");
  if (dots == std::string_view::npos) {
    if (auto error = parse_code_point(token, range.first)) return error;
    range.last = range.first;
    return std::nullopt;
  }
  const auto first = token.substr(0, dots);
  const auto last = token.substr(dots + 2);
  if (!is_code_point_like(last) || last.find('.') != std::string_view::npos) {
    return malformed_query(std::string(token) + " is not a range: U+XXXX..U+YYYY (U+2600..U+260F)");
  }
  if (auto error = parse_code_point(first, range.first)) return error;
  if (auto error = parse_code_point(last, range.last)) return error;
  if (range.first > range.last) {
    return malformed_query("the range " + code_point_label(range.first) + ".." + code_point_label(range.last) +
                     " runs backwards");
  }
  return std::nullopt;
}

}  // namespace

void Results::start_identify(std::string_view query) {
  auto& e = extra();
  if (query.data() != e.text.data()) e.text.assign(query);
  e.text_at = 0;
  e.code_points = false;
  stage_ = Stage::listing;
  listed_ = true;
  correct_pending_ = false;
}

void Results::lead_with_characters(const NameIndex& index, std::string_view query) {
  // As next_listed() identifies them, all at once: the line is short, and
  // the words' results must know them to skip them.
  auto& e = extra();
  for (auto rest = query; !rest.empty();) {
    if (const auto sequence = index.sequence_at(rest)) {
      e.leads.push_back(sequence->id);
      rest.remove_prefix(sequence->bytes);
      continue;
    }
    const auto decoded = utf8::decode(rest);
    if (!decoded) break;  // checked before: cannot happen
    rest.remove_prefix(decoded->length);
    const auto id = index.find(decoded->code_point);
    e.leads.push_back(id ? *id : (unnamed_result | decoded->code_point));
  }
  for (const auto lead : e.leads) {
    if (!(lead & unnamed_result)) e.lead_set.push_back(lead);
  }
  std::sort(e.lead_set.begin(), e.lead_set.end());
  e.lead_set.erase(std::unique(e.lead_set.begin(), e.lead_set.end()), e.lead_set.end());
  e.lead_at = 0;
  e.after_leads = stage_;
  stage_ = Stage::leading;
}

std::size_t Results::next_lead(std::span<Result> out, std::size_t& work) {
  auto& e = *extra_;
  std::size_t written = 0;
  while (written < out.size() && work > 0 && e.lead_at < e.leads.size()) {
    --work;
    out[written++] = e.leads[e.lead_at++];
  }
  if (e.lead_at == e.leads.size()) {
    stage_ = e.after_leads;
    if (stage_ == Stage::done) end_stage(0);
  }
  return written;
}

std::size_t Results::skip_leads(std::span<Result> given) const {
  const auto& set = extra_->lead_set;
  std::size_t kept = 0;
  for (const auto result : given) {
    if (!std::binary_search(set.begin(), set.end(), result)) given[kept++] = result;
  }
  return kept;
}

std::optional<QueryError> Results::start_code_points(std::string_view query) {
  correct_pending_ = false;
  std::size_t count = 0;
  for (auto rest = query; !rest.empty();) {
    const auto token = next_token(rest);
    if (token.empty()) break;
    Range range;
    if (auto error = parse_range(token, range)) return error;
    count += range.last - range.first + 1;
    if (count > max_code_points_per_query) {
      return QueryError{QueryError::Code::too_many_code_points,
                        "too many code points (at most " + std::to_string(max_code_points_per_query) +
                            " in one query)"};
    }
  }
  auto& e = extra();
  e.text.assign(query);
  e.code_points = true;
  e.range_next = 1;
  e.range_last = 0;  // no range begun
  stage_ = Stage::listing;
  listed_ = true;
  return std::nullopt;
}

std::size_t Results::next_listed(const NameIndex& index, std::span<Result> out, std::size_t& work) {
  auto& e = *extra_;
  const auto list = [&](char32_t cp) {
    const auto id = index.find(cp);
    return id ? *id : (unnamed_result | cp);
  };
  std::size_t written = 0;
  while (written < out.size() && work > 0) {
    --work;
    if (e.code_points && e.range_next <= e.range_last) {
      out[written++] = list(e.range_next++);
      continue;
    }
    std::string_view rest = std::string_view(e.text).substr(e.text_at);
    if (e.code_points) {
      const auto token = next_token(rest);
      e.text_at = e.text.size() - rest.size();
      if (token.empty()) break;
      Range range;
      parse_range(token, range);  // checked by start_code_points()
      e.range_next = range.first;
      e.range_last = range.last;
      continue;
    }
    // An emoji sequence pasted whole is that sequence, one result.
    if (const auto sequence = index.sequence_at(rest)) {
      out[written++] = sequence->id;
      e.text_at += sequence->bytes;
      continue;
    }
    const auto decoded = utf8::decode(rest);
    if (!decoded) break;  // the end (the text was checked)
    out[written++] = list(decoded->code_point);
    e.text_at += decoded->length;
  }
  if (e.text_at == e.text.size() && !(e.code_points && e.range_next <= e.range_last)) stage_ = Stage::done;
  return written;
}

}  // namespace mojifinder
