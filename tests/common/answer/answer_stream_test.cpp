#include "mojifinder/answer/answer_stream.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "mojifinder/embedded_index.hpp"
#include "support/oracles.hpp"

using namespace mojifinder;

namespace {

const NameIndex& index() { return embedded_name_index(); }

struct Written {
  std::string bytes;
  std::size_t pieces = 0;
  std::size_t largest_piece = 0;
  Page page;
};

struct Shape {
  AnswerFormat format;
  LineEnd end;
  std::size_t limit;
};

// The whole answer to `query`, gathered piece by piece.
Written write(std::string_view query, Shape shape, std::size_t first = 0) {
  AnswerStream answer;
  REQUIRE_FALSE(answer.start(index(), Query{query, nullptr, shape.limit, first}));
  AnswerPiece piece;
  Written out;
  for (bool last = false; !last;) {
    last = answer.next_piece({shape.format, shape.end}, piece);
    out.page = answer.page();
    std::size_t bytes = 0;
    for (const auto part : piece.parts) bytes += part.size();
    out.largest_piece = std::max(out.largest_piece, bytes);
    for (const auto part : piece.parts) out.bytes += part;
    ++out.pieces;
  }
  return out;
}

std::string appended(std::string_view query, AnswerFormat format, LineEnd end, std::size_t limit) {
  std::string error;
  const auto all = find_all(index(), query, error);
  std::string out;
  append_answer(out, index(), all, end, format, limit);
  return out;
}

}  // namespace

TEST_CASE("answer writer: the same bytes as the whole answer, in every format, line end and limit") {
  for (const auto query : {"cat face", "sign", "brillig", "flag japan", "U+0000..U+0020 U+D800", "smil*", "é€😀", "cjk"}) {
    for (const auto format : {AnswerFormat::text, AnswerFormat::json, AnswerFormat::json_array}) {
      for (const auto end : {LineEnd::crlf, LineEnd::lf}) {
        for (const std::size_t limit : {0, 1, 7}) {
          CAPTURE(query);
          CAPTURE(static_cast<int>(format));
          CAPTURE(limit);
          CHECK(write(query, {format, end, limit}).bytes == appended(query, format, end, limit));
        }
      }
    }
  }
}

TEST_CASE("answer writer: the HTTP API's array, as the web original wrote it") {
  const auto json = write("cat face", {AnswerFormat::json_array, LineEnd::crlf, 2}).bytes;
  CHECK(json == "[{\"char\":\"\U0001F431\",\"name\":\"CAT FACE\"},"
                "{\"char\":\"\U0001F638\",\"name\":\"GRINNING CAT FACE WITH SMILING EYES\"}]");
  CHECK(write("brillig", {AnswerFormat::json_array, LineEnd::crlf, 0}).bytes == "[]");
  // A sequence's char is the whole sequence.
  CHECK(write("flag japan", {AnswerFormat::json_array, LineEnd::crlf, 0}).bytes ==
        "[{\"char\":\"\U0001F1EF\U0001F1F5\",\"name\":\"flag: Japan\"}]");
}

TEST_CASE("answer writer: a long answer comes in bounded pieces, and the array they make parses whole") {
  const auto written = write("cjk", {AnswerFormat::json_array, LineEnd::crlf, 0});
  CHECK(written.pieces > 50);
  CHECK(written.largest_piece < answer_piece_bytes + 256 * 2 * max_result_line_bytes);
  const auto parsed = nlohmann::json::parse(written.bytes);
  std::string error;
  const auto all = find_all(index(), "cjk", error);
  REQUIRE(parsed.size() == all.size());
  CHECK(parsed.front()["name"] == std::string(index().name(all.front())));
  CHECK(parsed.back()["name"] == std::string(index().name(all.back())));
  CHECK(written.page.total == all.size());
}

TEST_CASE("answer writer: a later page passes over the results before it") {
  const auto page = write("sign", {AnswerFormat::text, LineEnd::lf, 2}, 2);
  const auto all = appended("sign", AnswerFormat::text, LineEnd::lf, 4);
  // The third and fourth lines of the first four.
  auto rest = std::string_view(all);
  for (int i = 0; i < 2; ++i) rest.remove_prefix(rest.find('\n') + 1);
  const auto two_lines = rest.substr(0, rest.find('\n', rest.find('\n') + 1) + 1);
  CHECK(page.bytes.starts_with(two_lines));
  CHECK(page.bytes.ends_with(" found, 3 to 4 shown\n"));
  CHECK(page.page.first == 2);
  CHECK(page.page.shown == 2);
}
