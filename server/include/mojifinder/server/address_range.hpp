// A range of client addresses written as CIDR (10.0.0.0/8, 2001:db8::/32,
// or one address alone), as --proxy-from takes them.
#pragma once

#include <asio/ip/address.hpp>

#include <optional>
#include <string_view>

namespace mojifinder {

struct AddressRange {
  asio::ip::address network;
  unsigned prefix_bits = 0;  // of the network's 32 (IPv4) or 128 (IPv6)

  // Parses "ADDRESS/BITS" or "ADDRESS"; nullopt when it is neither.
  static std::optional<AddressRange> parse(std::string_view text);

  // Whether `address` is in the range. An IPv4 client seen by an IPv6
  // listener (::ffff:10.1.2.3) counts as the IPv4 address it is.
  bool contains(const asio::ip::address& address) const noexcept;
};

}  // namespace mojifinder
