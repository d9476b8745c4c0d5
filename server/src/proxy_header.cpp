#include "proxy_header.hpp"

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <cstring>
#include <vector>

namespace mojifinder {

namespace {

constexpr std::string_view v1_prefix = "PROXY ";
constexpr std::string_view v2_signature{"\r\n\r\n\0\r\nQUIT\n", 12};
constexpr std::size_t v2_fixed_bytes = 16;

// "203.0.113.7:51234" or "[2001:db8::1]:51234", as the server names peers.
std::string endpoint_text(std::string_view address, bool v6, unsigned port) {
  std::string out;
  if (v6) out += '[';
  out += address;
  if (v6) out += ']';
  out += ':';
  out += std::to_string(port);
  return out;
}

// An address in the text form inet_pton reads for `family`, written back
// in its canonical form; empty when it is not one.
std::string canonical_address(int family, std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return {};
  const std::string copy(text);
  std::array<unsigned char, 16> binary{};
  if (::inet_pton(family, copy.c_str(), binary.data()) != 1) return {};
  char out[INET6_ADDRSTRLEN];
  if (::inet_ntop(family, binary.data(), out, sizeof out) == nullptr) return {};
  return out;
}

// A port in v1: decimal, 0 to 65535, without a leading zero.
bool parse_port(std::string_view text, unsigned& port) {
  if (text.empty() || text.size() > 5 || (text.size() > 1 && text.front() == '0')) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  return ec == std::errc() && end == text.data() + text.size() && port <= 65535;
}

std::vector<std::string_view> split_on_spaces(std::string_view line) {
  std::vector<std::string_view> fields;
  for (;;) {
    const auto space = line.find(' ');
    fields.push_back(line.substr(0, space));
    if (space == std::string_view::npos) return fields;
    line.remove_prefix(space + 1);
  }
}

}  // namespace

ProxyHeaderReader::Step ProxyHeaderReader::fail(std::string why, std::size_t consumed) {
  failed_ = true;
  error_ = std::move(why);
  return {Outcome::failed, consumed};
}

ProxyHeaderReader::Step ProxyHeaderReader::read(std::string_view bytes) {
  if (failed_) return {Outcome::failed, 0};
  std::size_t taken = 0;
  while (taken < bytes.size()) {
    const char c = bytes[taken++];
    held_.push_back(c);
    const auto at = held_.size() - 1;
    const bool v1 = held_.front() == 'P';
    // The first bytes say which version, or that this is no PROXY header.
    if (v1 ? at < v1_prefix.size() && c != v1_prefix[at] : at < v2_signature.size() && c != v2_signature[at]) {
      return fail("the connection does not begin with a PROXY protocol header", taken);
    }
    if (v1) {
      if (c == '\n') {
        if (held_.size() < 2 || held_[held_.size() - 2] != '\r') return fail("a PROXY v1 header ends without CR LF", taken);
        return finish_v1(taken);
      }
      if (held_.size() >= max_v1_bytes) return fail("a PROXY v1 header longer than 107 bytes", taken);
      continue;
    }
    if (held_.size() < v2_fixed_bytes) continue;
    const auto length = v2_fixed_bytes + (static_cast<std::size_t>(static_cast<unsigned char>(held_[14])) << 8 |
                                          static_cast<unsigned char>(held_[15]));
    if (length > max_v2_bytes) return fail("a PROXY v2 header longer than " + std::to_string(max_v2_bytes) + " bytes", taken);
    if (held_.size() == length) return finish_v2(taken);
    // The rest of its bytes at once, as many as came.
    const auto more = std::min(length - held_.size(), bytes.size() - taken);
    held_.append(bytes.substr(taken, more));
    taken += more;
    if (held_.size() == length) return finish_v2(taken);
  }
  return {Outcome::need_more, taken};
}

ProxyHeaderReader::Step ProxyHeaderReader::finish_v1(std::size_t consumed) {
  const auto line = std::string_view(held_).substr(0, held_.size() - 2);
  const auto fields = split_on_spaces(line);
  header_.version = 1;
  if (fields.size() >= 2 && fields[1] == "UNKNOWN") {
    header_.kind = ProxyHeader::Kind::local;
    return {Outcome::complete, consumed};
  }
  if (fields.size() != 6 || (fields[1] != "TCP4" && fields[1] != "TCP6")) {
    return fail("a malformed PROXY v1 header", consumed);
  }
  const bool v6 = fields[1] == "TCP6";
  const int family = v6 ? AF_INET6 : AF_INET;
  const auto source = canonical_address(family, fields[2]);
  const auto destination = canonical_address(family, fields[3]);
  unsigned source_port = 0, destination_port = 0;
  if (source.empty() || destination.empty() || !parse_port(fields[4], source_port) ||
      !parse_port(fields[5], destination_port)) {
    return fail("a malformed PROXY v1 header", consumed);
  }
  header_.kind = ProxyHeader::Kind::proxied;
  header_.source_address = source;
  header_.source = endpoint_text(source, v6, source_port);
  header_.destination = endpoint_text(destination, v6, destination_port);
  return {Outcome::complete, consumed};
}

ProxyHeaderReader::Step ProxyHeaderReader::finish_v2(std::size_t consumed) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(held_.data());
  const auto version = bytes[12] >> 4;
  const auto command = bytes[12] & 0x0F;
  const auto family = bytes[13] >> 4;
  const auto transport = bytes[13] & 0x0F;
  const auto length = held_.size() - v2_fixed_bytes;
  header_.version = 2;
  if (version != 2) return fail("a PROXY header of version " + std::to_string(version), consumed);
  if (command == 0x0) {  // LOCAL: the balancer speaking for itself
    header_.kind = ProxyHeader::Kind::local;
    return {Outcome::complete, consumed};
  }
  if (command != 0x1) return fail("a PROXY v2 header with an unknown command", consumed);
  if (family == 0x0 || family == 0x3) {  // UNSPEC, or UNIX sockets: no address to use
    header_.kind = ProxyHeader::Kind::local;
    return {Outcome::complete, consumed};
  }
  if ((family != 0x1 && family != 0x2) || transport != 0x1) {
    return fail("a PROXY v2 header for something other than TCP", consumed);
  }
  const bool v6 = family == 0x2;
  const std::size_t address_bytes = v6 ? 16 : 4;
  if (length < 2 * address_bytes + 4) return fail("a PROXY v2 header too short for its addresses", consumed);
  const auto* addresses = bytes + v2_fixed_bytes;
  char source[INET6_ADDRSTRLEN], destination[INET6_ADDRSTRLEN];
  ::inet_ntop(v6 ? AF_INET6 : AF_INET, addresses, source, sizeof source);
  ::inet_ntop(v6 ? AF_INET6 : AF_INET, addresses + address_bytes, destination, sizeof destination);
  const auto* ports = addresses + 2 * address_bytes;
  const unsigned source_port = ports[0] << 8 | ports[1];
  const unsigned destination_port = ports[2] << 8 | ports[3];
  header_.kind = ProxyHeader::Kind::proxied;
  header_.source_address = source;
  header_.source = endpoint_text(source, v6, source_port);
  header_.destination = endpoint_text(destination, v6, destination_port);
  return {Outcome::complete, consumed};
}

}  // namespace mojifinder
