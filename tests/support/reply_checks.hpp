// Properties every reply of the line protocol must have, whatever a client
// sent: shared by the conversation's property tests and the session fuzz
// target. Each returns an empty string when the property holds, or what
// broke it.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "mojifinder/line/conversation.hpp"
#include "mojifinder/text/escape.hpp"
#include "mojifinder/text/utf8.hpp"

namespace mojifinder::test {

// The lines of a reply (each ended by CR LF) and what follows the last,
// which must be the prompt.
template <typename Line>
std::string for_each_reply_line(std::string_view reply, Line line) {
  if (!reply.ends_with(prompt)) return "the reply does not end with the prompt";
  reply.remove_suffix(prompt.size());
  while (!reply.empty()) {
    const auto end = reply.find("\r\n");
    if (end == std::string_view::npos) return "a line without CR LF";
    if (auto broken = line(reply.substr(0, end)); !broken.empty()) return broken;
    reply.remove_prefix(end + 2);
  }
  return {};
}

// A text line holds no disruptive character (escape.hpp) but the two TABs
// that separate a result line's fields.
inline std::string check_text_line(std::string_view line) {
  if (!utf8::is_valid(line)) return "a text line that is not UTF-8";
  std::size_t tabs = 0;
  for (auto rest = line; !rest.empty();) {
    const auto decoded = utf8::decode(rest);
    if (decoded->code_point == '\t') {
      ++tabs;
    } else if (is_disruptive(decoded->code_point)) {
      return "a text line holds a disruptive character: " + std::string(line);
    }
    rest.remove_prefix(decoded->length);
  }
  const bool result_line = line.starts_with("U+");
  if (result_line ? tabs != 2 : tabs != 0) return "TABs out of place in: " + std::string(line);
  return {};
}

// A JSON line parses as one object under a strict parser, and encodes
// back to UTF-8.
inline std::string check_json_line(std::string_view line) {
  try {
    const auto value = nlohmann::json::parse(line);
    if (!value.is_object()) return "a JSON line that is not an object: " + std::string(line);
    (void)value.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  } catch (const nlohmann::json::exception& e) {
    return std::string("a JSON line a strict parser refuses (") + e.what() + "): " + std::string(line);
  }
  return {};
}

inline std::string check_reply(std::string_view reply, AnswerFormat format) {
  if (format == AnswerFormat::json) return for_each_reply_line(reply, check_json_line);
  return for_each_reply_line(reply, check_text_line);
}

// A log line holds no disruptive character at all, and is UTF-8.
inline std::string check_log_line(std::string_view line) {
  if (!utf8::is_valid(line)) return "a log line that is not UTF-8";
  for (auto rest = line; !rest.empty();) {
    const auto decoded = utf8::decode(rest);
    if (is_disruptive(decoded->code_point)) return "a log line holds a disruptive character: " + std::string(line);
    rest.remove_prefix(decoded->length);
  }
  return {};
}

}  // namespace mojifinder::test
