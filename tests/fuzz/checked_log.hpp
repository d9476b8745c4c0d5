// The log the fuzz targets give a conversation: every line it writes must
// hold no control that came from a client (reply_checks.hpp).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "mojifinder/line/conversation.hpp"
#include "support/reply_checks.hpp"

namespace mojifinder::fuzz {

class CheckedLog : public ConversationLog {
 public:
  void heard(std::string_view what) override { check(what); }
  void answered(std::string_view what) override { check(what); }

 private:
  static void check(std::string_view line) {
    const auto broken = test::check_log_line(line);
    if (!broken.empty()) std::fprintf(stderr, "%s\n", broken.c_str());
    FUZZ_CHECK(broken.empty());
  }
};

}  // namespace mojifinder::fuzz
