#include "mojifinder/text/utf8.hpp"

#include <doctest/doctest.h>

using namespace mojifinder;

TEST_CASE("utf8: encodes one to four bytes") {
  std::string out;
  utf8::append(out, U'A');
  utf8::append(out, U'\u00E9');
  utf8::append(out, U'\u2500');
  utf8::append(out, U'\U0001F431');
  CHECK(out == "A\xC3\xA9\xE2\x94\x80\xF0\x9F\x90\xB1");
  CHECK(utf8::encoded_length(U'A') == 1);
  CHECK(utf8::encoded_length(0x7FF) == 2);
  CHECK(utf8::encoded_length(0xFFFF) == 3);
  CHECK(utf8::encoded_length(0x10000) == 4);
}

TEST_CASE("utf8: decodes what it encodes, for every scalar value") {
  for (char32_t cp = 0; cp <= utf8::max_code_point; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string bytes;
    utf8::append(bytes, cp);
    const auto decoded = utf8::decode(bytes);
    REQUIRE(decoded);
    REQUIRE(decoded->code_point == cp);
    REQUIRE(decoded->length == bytes.size());
  }
}

TEST_CASE("utf8: rejects ill-formed input") {
  CHECK_FALSE(utf8::is_valid("\xFF"));
  CHECK_FALSE(utf8::is_valid("\x80"));                  // lone continuation
  CHECK_FALSE(utf8::is_valid("\xC3"));                  // truncated
  CHECK_FALSE(utf8::is_valid("\xC0\xAF"));              // overlong '/'
  CHECK_FALSE(utf8::is_valid("\xE0\x80\xAF"));          // overlong
  CHECK_FALSE(utf8::is_valid("\xED\xA0\x80"));          // surrogate D800
  CHECK_FALSE(utf8::is_valid("\xF4\x90\x80\x80"));      // above U+10FFFF
  CHECK_FALSE(utf8::is_valid("cat \xE2\x94 face"));     // broken in the middle
  CHECK(utf8::is_valid(""));
  CHECK(utf8::is_valid("cat face \xF0\x9F\x90\xB1"));
}
