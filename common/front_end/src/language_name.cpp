#include "mojifinder/front_end/language_name.hpp"

#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include <array>

namespace mojifinder {

std::string language_name(std::string_view code) {
  const std::string locale(code);
  std::array<UChar, 128> name{};
  UErrorCode status = U_ZERO_ERROR;
  const auto length = uloc_getDisplayName(locale.c_str(), locale.c_str(), name.data(),
                                          static_cast<int32_t>(name.size()), &status);
  if (U_FAILURE(status) || length <= 0) return locale;
  std::array<char, 512> utf8{};
  int32_t utf8_length = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8(utf8.data(), static_cast<int32_t>(utf8.size()), &utf8_length, name.data(), length, &status);
  if (U_FAILURE(status)) return locale;
  return std::string(utf8.data(), static_cast<std::size_t>(utf8_length));
}

}  // namespace mojifinder
