// The PROXY protocol's header (HAProxy's proxy-protocol.txt, versions 1
// and 2), which a load balancer sends before anything else on a connection
// to say whom it carries: the client's address and port, and the address it
// reached. Read a few bytes at a time, as they come, and held to the
// bounds the format sets, so that no client can make a connection hold
// more. No sockets: the addresses are kept as the text a log prints.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mojifinder {

struct ProxyHeader {
  enum class Kind {
    proxied,  // TCP over IPv4 or IPv6: source and destination are the client's and the server's
    local,    // v2 LOCAL (the balancer's own health check), or v1 UNKNOWN and v2 UNSPEC:
              // the connection's own addresses stand
  };
  Kind kind = Kind::local;
  int version = 0;                // 1 or 2
  std::string source;             // "203.0.113.7:51234", "[2001:db8::1]:51234"; empty unless proxied
  std::string destination;        // the same for where the client connected
  std::string source_address;     // "203.0.113.7", "2001:db8::1": what per-address limits count
};

class ProxyHeaderReader {
 public:
  // A version 1 header is one line of at most 107 bytes, CR LF included.
  static constexpr std::size_t max_v1_bytes = 107;
  // A version 2 header is 16 bytes and what they announce: addresses
  // (216 bytes for UNIX sockets) and optional TLVs, which are read and
  // ignored; a longer one is refused.
  static constexpr std::size_t max_v2_bytes = 16 + 1024;

  enum class Outcome {
    need_more,  // every byte given was taken; the header is not whole yet
    complete,   // header() is whole; bytes after `consumed` are the protocol's
    failed,     // error() says why; the connection is to be closed unanswered
  };
  struct Step {
    Outcome outcome;
    std::size_t consumed;  // bytes of those given that belong to the header
  };
  // Takes the bytes that came, up to the header's end at most.
  Step read(std::string_view bytes);

  const ProxyHeader& header() const noexcept { return header_; }
  const std::string& error() const noexcept { return error_; }

 private:
  Step fail(std::string why, std::size_t consumed);
  Step finish_v1(std::size_t consumed);
  Step finish_v2(std::size_t consumed);

  std::string held_;  // the header's bytes so far
  ProxyHeader header_;
  std::string error_;
  bool failed_ = false;
};

}  // namespace mojifinder
