// The encodings an answer is written in, and where a line of one ends.
#pragma once

#include "mojifinder/index/render.hpp"

namespace mojifinder {

// The original's lines of text, or JSON Lines (one object a result, then
// one with the count); for the HTTP API, one JSON array of {"char","name"}
// objects, as the web original wrote, or of objects that carry all the
// page shows of a result (json_array_all: `fields=all`); or rows of the
// web page's table.
enum class AnswerFormat : unsigned char { text, json, json_array, json_array_all, html_rows };

inline constexpr bool is_json_array(AnswerFormat format) noexcept {
  return format == AnswerFormat::json_array || format == AnswerFormat::json_array_all;
}

// How the pieces of an answer are encoded.
struct AnswerEncoding {
  AnswerFormat format = AnswerFormat::text;
  LineEnd end = LineEnd::crlf;
};

}  // namespace mojifinder
