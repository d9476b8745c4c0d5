// Connections open per client address, for --max-connections-per-ip: one
// table the sessions of every loop share, touched when a session is
// admitted and when it ends. Internal to the server library.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace mojifinder {

class AddressCounts {
 public:
  explicit AddressCounts(std::size_t limit) : limit_(limit) {}

  // Counts one more connection from `address`; false, counting nothing,
  // when it already has `limit` open.
  bool admit(const std::string& address) {
    std::lock_guard lock(mutex_);
    auto& open = counts_[address];
    if (open >= limit_) {
      if (open == 0) counts_.erase(address);
      return false;
    }
    ++open;
    return true;
  }

  // A connection admitted from `address` has ended.
  void release(const std::string& address) {
    std::lock_guard lock(mutex_);
    const auto found = counts_.find(address);
    if (found != counts_.end() && --found->second == 0) counts_.erase(found);
  }

 private:
  std::size_t limit_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::size_t> counts_;
};

}  // namespace mojifinder
