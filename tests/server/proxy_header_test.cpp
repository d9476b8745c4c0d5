// The PROXY protocol's header, v1 and v2, whole and a byte at a time.
#include "proxy_header.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace mojifinder;

namespace {

struct Read {
  ProxyHeaderReader::Outcome outcome;
  std::size_t consumed = 0;  // of all the bytes given
  ProxyHeader header;
  std::string error;
};

// Gives `bytes` in reads of `chunk` bytes until the reader decides.
Read read_in(std::string_view bytes, std::size_t chunk) {
  ProxyHeaderReader reader;
  Read out{ProxyHeaderReader::Outcome::need_more, 0, {}, {}};
  while (!bytes.empty()) {
    const auto piece = bytes.substr(0, chunk);
    const auto step = reader.read(piece);
    CHECK(step.consumed <= piece.size());
    out.consumed += step.consumed;
    out.outcome = step.outcome;
    if (step.outcome != ProxyHeaderReader::Outcome::need_more) break;
    CHECK(step.consumed == piece.size());
    bytes.remove_prefix(piece.size());
  }
  out.header = reader.header();
  out.error = reader.error();
  return out;
}

// The same decision whole and a byte at a time.
Read read_both_ways(std::string_view bytes) {
  const auto whole = read_in(bytes, bytes.size());
  const auto bytewise = read_in(bytes, 1);
  CHECK(whole.outcome == bytewise.outcome);
  CHECK(whole.consumed == bytewise.consumed);
  CHECK(whole.header.source == bytewise.header.source);
  CHECK(whole.error == bytewise.error);
  return whole;
}

std::string v2(unsigned char command, unsigned char family, std::string addresses) {
  std::string out("\r\n\r\n\0\r\nQUIT\n", 12);
  out += static_cast<char>(0x20 | command);
  out += static_cast<char>(family);
  out += static_cast<char>(addresses.size() >> 8);
  out += static_cast<char>(addresses.size() & 0xFF);
  return out + addresses;
}

const std::string v4_addresses("\xCB\x00\x71\x07" "\xC0\x00\x02\x01" "\xC8\x02" "\x09\x13", 12);

}  // namespace

TEST_CASE("proxy header: v1 TCP4 and TCP6 give the client's address, and what follows is the protocol's") {
  const std::string line = "PROXY TCP4 203.0.113.7 192.0.2.1 51234 2323\r\n";
  auto read = read_both_ways(line + "cat face\r\n");
  CHECK(read.outcome == ProxyHeaderReader::Outcome::complete);
  CHECK(read.consumed == line.size());
  CHECK(read.header.kind == ProxyHeader::Kind::proxied);
  CHECK(read.header.version == 1);
  CHECK(read.header.source == "203.0.113.7:51234");
  CHECK(read.header.source_address == "203.0.113.7");
  CHECK(read.header.destination == "192.0.2.1:2323");
  read = read_both_ways("PROXY TCP6 2001:DB8::1 ::1 65535 0\r\nGET / HTTP/1.1\r\n");
  CHECK(read.outcome == ProxyHeaderReader::Outcome::complete);
  CHECK(read.header.source == "[2001:db8::1]:65535");
  CHECK(read.header.destination == "[::1]:0");
  read = read_both_ways("PROXY UNKNOWN ffff:f...f:ffff 1 2 3\r\n");
  CHECK(read.outcome == ProxyHeaderReader::Outcome::complete);
  CHECK(read.header.kind == ProxyHeader::Kind::local);
  CHECK(read_both_ways("PROXY UNKNOWN\r\n").outcome == ProxyHeaderReader::Outcome::complete);
}

TEST_CASE("proxy header: v1 that is malformed, too long or absent is refused") {
  for (const std::string bad : {"PROXY TCP4 203.0.113.7 192.0.2.1 51234\r\n", "PROXY TCP4 203.0.113.7  192.0.2.1 1 2\r\n",
                                "PROXY TCP4 203.0.113.256 192.0.2.1 1 2\r\n", "PROXY TCP4 ::1 192.0.2.1 1 2\r\n",
                                "PROXY TCP6 203.0.113.7 ::1 1 2\r\n", "PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n",
                                "PROXY TCP4 1.2.3.4 5.6.7.8 01 2\r\n", "PROXY TCP4 1.2.3.4 5.6.7.8 -1 2\r\n",
                                "PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n",
                                "PROXY\r\n", "proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n", "cat face\r\n", "GET / HTTP/1.1\r\n"}) {
    CAPTURE(bad);
    const auto read = read_both_ways(bad);
    CHECK(read.outcome == ProxyHeaderReader::Outcome::failed);
    CHECK_FALSE(read.error.empty());
  }
  // Refused as soon as the bytes say so, not at the end of a line.
  CHECK(read_in("GET / HTTP/1.1\r\n", 1).consumed == 1);
  const auto long_line = "PROXY UNKNOWN " + std::string(200, 'x') + "\r\n";
  const auto read = read_both_ways(long_line);
  CHECK(read.outcome == ProxyHeaderReader::Outcome::failed);
  CHECK(read.consumed == ProxyHeaderReader::max_v1_bytes);
  CHECK(read.error == "a PROXY v1 header longer than 107 bytes");
}

TEST_CASE("proxy header: v2 PROXY over TCP4 and TCP6, LOCAL, UNSPEC, with TLVs") {
  auto header = v2(0x1, 0x11, v4_addresses);
  auto read = read_both_ways(header + "cat face\r\n");
  CHECK(read.outcome == ProxyHeaderReader::Outcome::complete);
  CHECK(read.consumed == header.size());
  CHECK(read.header.version == 2);
  CHECK(read.header.source == "203.0.113.7:51202");
  CHECK(read.header.destination == "192.0.2.1:2323");
  std::string v6_addresses(36, '\0');
  v6_addresses[0] = '\x20';
  v6_addresses[1] = '\x01';
  v6_addresses[2] = '\x0d';
  v6_addresses[3] = '\xb8';
  v6_addresses[15] = '\x01';
  v6_addresses[31] = '\x01';
  v6_addresses[32] = '\x01';
  v6_addresses[33] = '\x00';
  v6_addresses[35] = '\x50';
  read = read_both_ways(v2(0x1, 0x21, v6_addresses));
  CHECK(read.outcome == ProxyHeaderReader::Outcome::complete);
  CHECK(read.header.source == "[2001:db8::1]:256");
  CHECK(read.header.destination == "[::1]:80");
  CHECK(read.header.source_address == "2001:db8::1");
  // A TLV after the addresses is read and passed over.
  read = read_both_ways(v2(0x1, 0x11, v4_addresses + std::string("\x04\x00\x03xyz", 6)) + "x");
  CHECK(read.outcome == ProxyHeaderReader::Outcome::complete);
  CHECK(read.consumed == 16 + 12 + 6);
  // LOCAL: the balancer's own health check; UNSPEC and UNIX: no address.
  for (const auto& local : {v2(0x0, 0x00, ""), v2(0x0, 0x11, v4_addresses), v2(0x1, 0x00, ""),
                            v2(0x1, 0x31, std::string(216, 'a'))}) {
    read = read_both_ways(local);
    CHECK(read.outcome == ProxyHeaderReader::Outcome::complete);
    CHECK(read.header.kind == ProxyHeader::Kind::local);
  }
}

TEST_CASE("proxy header: v2 with another version, command or transport, too short or too long, is refused") {
  auto wrong_version = v2(0x1, 0x11, v4_addresses);
  wrong_version[12] = '\x11';
  for (const auto& bad : {wrong_version, v2(0x2, 0x11, v4_addresses), v2(0x1, 0x12, v4_addresses),
                          v2(0x1, 0x11, v4_addresses.substr(0, 11)), v2(0x1, 0x21, std::string(35, 'a')),
                          v2(0x1, 0x41, v4_addresses), v2(0x1, 0x11, std::string(2000, 'a')),
                          std::string("\r\n\r\n\0\r\nQUIT\r", 12)}) {
    const auto read = read_both_ways(bad);
    CHECK(read.outcome == ProxyHeaderReader::Outcome::failed);
    CHECK_FALSE(read.error.empty());
  }
  CHECK(read_in(v2(0x1, 0x11, std::string(2000, 'a')), 1).consumed == 16);  // refused at its length
}
