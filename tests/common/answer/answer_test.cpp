#include "mojifinder/answer/answer.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include "mojifinder/embedded_index.hpp"
#include "support/oracles.hpp"

using namespace mojifinder;

namespace {

std::string rule() {
  std::string out;
  for (int i = 0; i < 66; ++i) out += "\u2500";
  return out;
}

std::string answer(std::string_view query, LineEnd end) {
  const auto& index = embedded_name_index();
  WordList words;
  words.split(query);
  std::vector<EntryId> scratch;
  std::string out;
  append_answer(out, index, search(index, words, scratch), end);
  return out;
}

}  // namespace

TEST_CASE("answer: result lines in code point order, then the status line, on exact bytes") {
  CHECK(answer("smiling cat", LineEnd::crlf) ==
        "U+1F638\t\U0001F638\tGRINNING CAT FACE WITH SMILING EYES\r\n"
        "U+1F63A\t\U0001F63A\tSMILING CAT FACE WITH OPEN MOUTH\r\n"
        "U+1F63B\t\U0001F63B\tSMILING CAT FACE WITH HEART-SHAPED EYES\r\n" +
            rule() + " 3 found\r\n");
  CHECK(answer("dollar sign", LineEnd::lf).starts_with("U+0024\t$\tDOLLAR SIGN\n"));
}

TEST_CASE("answer: no match still gets the status line") {
  CHECK(answer("brillig", LineEnd::crlf) == rule() + " 0 found\r\n");
  CHECK(answer("", LineEnd::lf) == rule() + " 0 found\n");
}

TEST_CASE("answer: a JSON result holds every code point and character of its entry") {
  const auto& index = embedded_name_index();
  const auto json_of = [&](Result result) {
    std::string out;
    append_json_result(out, index, result, LineEnd::lf);
    return out;
  };
  // A single character, a control (its real code, not its stand-in), an
  // emoji sequence, and a code point without a name.
  CHECK(json_of(*index.find(0x20AC)) == "{\"code_points\":[\"U+20AC\"],\"characters\":\"\u20AC\",\"name\":\"EURO SIGN\"}\n");
  CHECK(json_of(*index.find(0x0A)) == "{\"code_points\":[\"U+000A\"],\"characters\":\"\\u000a\",\"name\":\"LINE FEED\"}\n");
  const auto flags = index.other_words().find("JAPAN");
  const auto japan = std::find_if(flags.begin(), flags.end(), [&](EntryId id) { return id >= index.single_count(); });
  REQUIRE(japan != flags.end());
  CHECK(json_of(*japan) ==
        "{\"code_points\":[\"U+1F1EF\",\"U+1F1F5\"],\"characters\":\"\U0001F1EF\U0001F1F5\",\"name\":\"flag: Japan\"}\n");
  CHECK(json_of(unnamed_result | 0x0378) ==
        "{\"code_points\":[\"U+0378\"],\"characters\":\"\u0378\",\"name\":\"<unassigned>\"}\n");
}
