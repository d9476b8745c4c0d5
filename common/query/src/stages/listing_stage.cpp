#include "stages/listing_stage.hpp"

#include <string>

#include "mojifinder/index/render.hpp"
#include "mojifinder/text/ascii.hpp"
#include "mojifinder/text/utf8.hpp"
#include "query_detail.hpp"

namespace mojifinder::query_detail {

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

std::optional<QueryError> ListingStage::start_code_points(const NameIndex& index, std::string_view query) {
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
  index_ = &index;
  text_.assign(query);
  text_at_ = 0;
  code_points_ = true;
  range_next_ = 1;
  range_last_ = 0;  // no range begun
  done_ = false;
  return std::nullopt;
}

void ListingStage::start_identify(const NameIndex& index, std::string_view text) {
  index_ = &index;
  text_.assign(text);
  text_at_ = 0;
  code_points_ = false;
  done_ = false;
}

std::size_t ListingStage::next(std::span<Result> out, std::size_t& work) {
  const auto& index = *index_;
  const auto list = [&](char32_t cp) {
    const auto id = index.find(cp);
    return id ? *id : (unnamed_result | cp);
  };
  std::size_t written = 0;
  while (written < out.size() && work > 0) {
    --work;
    if (code_points_ && range_next_ <= range_last_) {
      out[written++] = list(range_next_++);
      continue;
    }
    std::string_view rest = std::string_view(text_).substr(text_at_);
    if (code_points_) {
      const auto token = next_token(rest);
      text_at_ = text_.size() - rest.size();
      if (token.empty()) break;
      Range range;
      parse_range(token, range);  // checked by start_code_points()
      range_next_ = range.first;
      range_last_ = range.last;
      continue;
    }
    // An emoji sequence pasted whole is that sequence, one result.
    if (const auto sequence = index.sequence_at(rest)) {
      out[written++] = sequence->id;
      text_at_ += sequence->bytes;
      continue;
    }
    const auto decoded = utf8::decode(rest);
    if (!decoded) break;  // the end (the text was checked)
    out[written++] = list(decoded->code_point);
    text_at_ += decoded->length;
  }
  if (text_at_ == text_.size() && !(code_points_ && range_next_ <= range_last_)) done_ = true;
  return written;
}

}  // namespace mojifinder::query_detail
