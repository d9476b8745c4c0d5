// The UTF-8 checks every query goes through, against a decoder written
// here from RFC 3629's table: both must accept exactly the same sequences,
// decode them to the same code points, and encode them back to the bytes
// they came from.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "mojifinder/text/utf8.hpp"

namespace {

struct Reference {
  char32_t code_point;
  std::size_t length;
};

// The lead byte gives the length and the first bits; each continuation
// byte is 10xxxxxx and gives six more; the value must be a scalar value
// that needs exactly that many bytes.
std::optional<Reference> reference_decode(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const auto lead = static_cast<unsigned char>(text[0]);
  std::size_t length = 0;
  char32_t value = 0;
  if (lead < 0x80) {
    return Reference{lead, 1};
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07;
  } else {
    return std::nullopt;
  }
  if (text.size() < length) return std::nullopt;
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) != 0x80) return std::nullopt;
    value = (value << 6) | (byte & 0x3F);
  }
  const std::size_t shortest = value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4;
  if (shortest != length || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return std::nullopt;
  return Reference{value, length};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  bool all_valid = true;
  for (auto rest = text; !rest.empty();) {
    const auto decoded = mojifinder::utf8::decode(rest);
    const auto expected = reference_decode(rest);
    FUZZ_CHECK(decoded.has_value() == expected.has_value());
    if (!decoded) {
      all_valid = false;
      rest.remove_prefix(1);  // go on: later sequences must agree too
      continue;
    }
    FUZZ_CHECK(decoded->code_point == expected->code_point);
    FUZZ_CHECK(decoded->length == expected->length);
    FUZZ_CHECK(mojifinder::utf8::encoded_length(decoded->code_point) == decoded->length);
    std::string encoded;
    mojifinder::utf8::append(encoded, decoded->code_point);
    FUZZ_CHECK(encoded == rest.substr(0, decoded->length));
    rest.remove_prefix(decoded->length);
  }
  FUZZ_CHECK(mojifinder::utf8::is_valid(text) == all_valid);
  return 0;
}
