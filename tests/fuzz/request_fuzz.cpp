// Query parsing and search, as a session runs them on each line: the kind
// of request follows from the line by the rules request.hpp states, and a
// search streamed by the session's cursor finds exactly what the index's
// own search finds, every result holding every query word.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/index/name_index.hpp"
#include "mojifinder/line/command.hpp"
#include "mojifinder/line/request.hpp"
#include "mojifinder/query/results.hpp"
#include "mojifinder/text/utf8.hpp"
#include "mojifinder/text/words.hpp"
#include "support/oracles.hpp"

namespace {

using namespace mojifinder;

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

// The first control character that is not white space, if any.
std::optional<char32_t> first_harmful_control(std::string_view text) {
  while (!text.empty()) {
    const auto decoded = utf8::decode(text);
    if (is_control(decoded->code_point) && !is_white_space(decoded->code_point)) return decoded->code_point;
    text.remove_prefix(decoded->length);
  }
  return std::nullopt;
}

void check_search(const NameIndex& index, std::string_view query) {
  WordList words;
  words.split(query);
  std::vector<EntryId> scratch;
  const auto found = search(index, words, scratch);
  // A query of nothing but hyphens has no words, and finds nothing.
  FUZZ_CHECK(!words.empty() || found.empty());

  MatchCursor cursor;
  cursor.start(index, words);
  std::vector<EntryId> streamed;
  std::array<EntryId, 7> batch;  // an odd size, so batches end anywhere
  while (const auto n = cursor.next(batch)) streamed.insert(streamed.end(), batch.begin(), batch.begin() + n);
  FUZZ_CHECK(std::ranges::equal(streamed, found));
  FUZZ_CHECK(cursor.produced() == found.size());
  FUZZ_CHECK(std::ranges::is_sorted(found));

  // Checking every result of `a` would take long: the first hundred.
  WordList name_words;
  for (const auto id : found.first(std::min<std::size_t>(found.size(), 100))) {
    name_words.split(index.name(id));
    for (const auto word : words.words()) FUZZ_CHECK(std::ranges::find(name_words.words(), word) != name_words.words().end());
  }
}

// The whole query language: every result is an entry of the index or a
// code point, no more of them than a query may look up unless they come
// from words, and an error is one clear line.
void check_query_language(const NameIndex& index, std::string_view query) {
  std::string error;
  const auto results = find_all(index, query, error);
  FUZZ_CHECK(error.empty() || (error.starts_with("error: ") && results.empty()));
  for (const auto result : results) {
    FUZZ_CHECK((result & unnamed_result) ? (result & ~unnamed_result) <= utf8::max_code_point : result < index.size());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const auto request = parse_request(line);
  const bool message = !error_text(request.error).empty();
  if (!utf8::is_valid(line)) {
    FUZZ_CHECK(request.kind == Request::Kind::invalid_utf8);
    FUZZ_CHECK(message);
    return 0;
  }
  const auto stripped = strip_white_space(line);
  FUZZ_CHECK(request.query == stripped);
  FUZZ_CHECK(stripped.empty() || (stripped.data() >= line.data() && stripped.data() + stripped.size() <= line.data() + line.size()));
  const auto control = first_harmful_control(stripped);
  switch (request.kind) {
    case Request::Kind::empty:
      FUZZ_CHECK(stripped.empty() && !message);
      break;
    case Request::Kind::end_session:
      FUZZ_CHECK(static_cast<unsigned char>(stripped.front()) < 0x20 && !message);
      break;
    case Request::Kind::control_character:
      FUZZ_CHECK(static_cast<unsigned char>(stripped.front()) >= 0x20);
      FUZZ_CHECK(control && request.control == *control && message);
      break;
    case Request::Kind::command: {
      FUZZ_CHECK(stripped.front() == '/' && !control && !message);
      const auto command = parse_command(request.query);
      FUZZ_CHECK((command.kind == Command::Kind::invalid) == error_text(command.error).starts_with("error: "));
      FUZZ_CHECK(command.kind != Command::Kind::limit || command.limit <= max_limit);
      break;
    }
    case Request::Kind::search:
      FUZZ_CHECK(stripped.front() != '/');
      FUZZ_CHECK(static_cast<unsigned char>(stripped.front()) >= 0x20);
      FUZZ_CHECK(!control && !message);
      check_search(embedded_name_index(), request.query);
      check_query_language(embedded_name_index(), request.query);
      break;
    case Request::Kind::invalid_utf8:
      FUZZ_CHECK(false);  // the line is valid
  }
  return 0;
}
