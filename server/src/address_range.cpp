#include "mojifinder/server/address_range.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <span>
#include <string>

namespace mojifinder {

namespace {

// Whether the first `bits` bits of two addresses of one family agree.
bool same_prefix(std::span<const unsigned char> a, std::span<const unsigned char> b, unsigned bits) {
  std::size_t byte = 0;
  for (; bits >= 8; bits -= 8, ++byte) {
    if (a[byte] != b[byte]) return false;
  }
  if (bits == 0) return true;
  const auto mask = static_cast<unsigned char>(0xFF << (8 - bits));
  return (a[byte] & mask) == (b[byte] & mask);
}

asio::ip::address unmapped(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  }
  return address;
}

}  // namespace

std::optional<AddressRange> AddressRange::parse(std::string_view text) {
  const auto slash = text.find('/');
  std::error_code ec;
  const auto network = asio::ip::make_address(std::string(text.substr(0, slash)), ec);
  if (ec) return std::nullopt;
  const unsigned most = network.is_v4() ? 32 : 128;
  unsigned bits = most;
  if (slash != std::string_view::npos) {
    const auto digits = text.substr(slash + 1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
    if (digits.empty() || error != std::errc{} || end != digits.data() + digits.size() || bits > most) {
      return std::nullopt;
    }
  }
  return AddressRange{network, bits};
}

bool AddressRange::contains(const asio::ip::address& address) const noexcept {
  const auto client = unmapped(address);
  if (client.is_v4() != network.is_v4()) return false;
  if (client.is_v4()) return same_prefix(network.to_v4().to_bytes(), client.to_v4().to_bytes(), prefix_bits);
  return same_prefix(network.to_v6().to_bytes(), client.to_v6().to_bytes(), prefix_bits);
}

}  // namespace mojifinder
