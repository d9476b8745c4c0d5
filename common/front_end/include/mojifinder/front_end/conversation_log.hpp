// Where a conversation, of either protocol, says what it heard and what it
// answered.
#pragma once

#include <string_view>

namespace mojifinder {

// A line each, with whatever came from the client already escaped for a
// log.
class ConversationLog {
 public:
  virtual void heard(std::string_view what) = 0;
  virtual void answered(std::string_view what) = 0;

 protected:
  ~ConversationLog() = default;
};

}  // namespace mojifinder
