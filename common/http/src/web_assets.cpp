#include "mojifinder/http/web_assets.hpp"

// Defined in web_assets.S, which includes the files themselves.
#define MOJIFINDER_WEB_ASSET(name)                                       \
  extern "C" const char mojifinder_web_##name##_begin[];                 \
  extern "C" const char mojifinder_web_##name##_end[];                   \
  std::string_view mojifinder::web::name() noexcept {                    \
    return {mojifinder_web_##name##_begin, mojifinder_web_##name##_end}; \
  }

MOJIFINDER_WEB_ASSET(script)
MOJIFINDER_WEB_ASSET(style)
MOJIFINDER_WEB_ASSET(icon)
MOJIFINDER_WEB_ASSET(openapi)

extern "C" const char mojifinder_web_page_begin[];
extern "C" const char mojifinder_web_page_end[];
std::string_view mojifinder::web::page_template() noexcept {
  return {mojifinder_web_page_begin, mojifinder_web_page_end};
}
