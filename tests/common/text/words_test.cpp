#include "mojifinder/text/words.hpp"

#include <doctest/doctest.h>

using namespace mojifinder;
using Words = std::vector<std::string>;

TEST_CASE("words: upper-cased, hyphen read as a space, split on white space") {
  CHECK(split_words("cat face") == Words{"CAT", "FACE"});
  CHECK(split_words("CJK UNIFIED IDEOGRAPH-4E00") == Words{"CJK", "UNIFIED", "IDEOGRAPH", "4E00"});
  CHECK(split_words("hyphen-minus") == Words{"HYPHEN", "MINUS"});
  CHECK(split_words("Cat fAcE") == Words{"CAT", "FACE"});
  CHECK(split_words("  cat\t\tface \r\n") == Words{"CAT", "FACE"});
  CHECK(split_words("--cat--face--") == Words{"CAT", "FACE"});
}

TEST_CASE("words: empty and blank texts have no words") {
  CHECK(split_words("").empty());
  CHECK(split_words("   \t ").empty());
  CHECK(split_words("-").empty());
  CHECK(split_words(" - - ").empty());
}

TEST_CASE("words: repeated words are kept, the search treats them as one") {
  CHECK(split_words("cat cat") == Words{"CAT", "CAT"});
}

TEST_CASE("words: Unicode white space separates words, as Python's split() did") {
  CHECK(split_words("cat\u00A0face") == Words{"CAT", "FACE"});  // NO-BREAK SPACE
  CHECK(split_words("cat\u3000face") == Words{"CAT", "FACE"});  // IDEOGRAPHIC SPACE
  CHECK(split_words("cat\u2009face") == Words{"CAT", "FACE"});  // THIN SPACE
  CHECK(split_words("cat\x1F" "face") == Words{"CAT", "FACE"});  // UNIT SEPARATOR
  CHECK(split_words("cat\u200Bface") == Words{"CAT\u200B" "FACE"});  // ZERO WIDTH SPACE is not white space
}

TEST_CASE("words: only ASCII is upper-cased, other bytes are kept as they are") {
  CHECK(split_words("caf\u00e9") == Words{"CAF\u00e9"});
  CHECK(split_words("cat \xFF face") == Words{"CAT", "\xFF", "FACE"});
}

TEST_CASE("words: a WordList reused for another text forgets the first") {
  WordList list;
  list.split("grinning cat face");
  CHECK(list.size() == 3);
  list.split("dog");
  REQUIRE(list.size() == 1);
  CHECK(list.words()[0] == "DOG");
}

TEST_CASE("strip_white_space: strips ASCII and Unicode white space at both ends only") {
  CHECK(strip_white_space("  cat face \r\n") == "cat face");
  CHECK(strip_white_space("\u3000cat\u00A0") == "cat");
  CHECK(strip_white_space("\t") == "");
  CHECK(strip_white_space("") == "");
  CHECK(strip_white_space("a  b") == "a  b");
  CHECK(strip_white_space("\x01 cat") == "\x01 cat");  // a control is not white space
  CHECK(strip_white_space("cat \xFF") == "cat \xFF");  // broken UTF-8 is kept
}
