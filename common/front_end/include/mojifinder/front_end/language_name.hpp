// What a language is called in itself, for lists a user picks from.
#pragma once

#include <string>
#include <string_view>

namespace mojifinder {

// The name of the locale `code` (CLDR's spelling, `fr_CA`) in its own
// language, from ICU's data: "français (Canada)". The code itself when ICU
// has no name for it.
std::string language_name(std::string_view code);

}  // namespace mojifinder
