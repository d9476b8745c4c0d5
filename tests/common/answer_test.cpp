#include "mojifinder/answer.hpp"

#include <doctest/doctest.h>

#include "mojifinder/embedded_index.hpp"

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
  append_answer(out, index, index.search(words, scratch), end);
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
