// The PROXY header a balancer sends before the client's first byte
// (--proxy-protocol), read by the session before anything else.
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>

#include <algorithm>

#include "mojifinder/text/escape.hpp"
#include "session.hpp"

namespace mojifinder {

namespace {

constexpr auto as_tuple_awaitable = asio::experimental::as_tuple(asio::use_awaitable);

}  // namespace

template <Channel Protocol>
asio::awaitable<bool> Session<Protocol>::read_proxy_header() {
  if (!options_.proxy_from.empty()) {
    // Only a balancer's header is believed: anyone else could name any
    // address, to pass for another client or to slip past the limit per
    // address.
    std::error_code ec;
    const auto peer = socket_.remote_endpoint(ec).address();
    const bool trusted = !ec && std::any_of(options_.proxy_from.begin(), options_.proxy_from.end(),
                                            [&](const AddressRange& range) { return range.contains(peer); });
    if (!trusted) {
      counters_.count_error(ServerCounters::proxy_header);
      if (logging(LogLevel::warning)) log("Refused ", ": not a balancer named by --proxy-from, closing.");
      co_return false;
    }
  }
  auto& buffer = read_buffer();
  for (;;) {
    wait_ = Wait::for_header;  // stop() and the request timeout end this wait
    const auto [wait_error] = co_await socket_.async_wait(asio::socket_base::wait_read, as_tuple_awaitable);
    wait_ = Wait::none;
    if (wait_error || stopping() || phase_ == Phase::closed) co_return false;
    // No more than a header can be, so that the protocol's bytes beyond it
    // are few: they go to the channel as if just read.
    std::error_code ec;
    const auto n = socket_.read_some(asio::buffer(buffer.data(), ProxyHeaderReader::max_v2_bytes), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) continue;
    if (ec) co_return false;
    counters_.count(counters_.bytes_received, n);
    auto& reader = *rare().proxy_reader;
    const auto step = reader.read({buffer.data(), n});
    if (step.outcome == ProxyHeaderReader::Outcome::need_more) continue;
    if (step.outcome == ProxyHeaderReader::Outcome::failed) {
      counters_.count_error(ServerCounters::proxy_header);
      if (logging(LogLevel::warning)) {
        std::string detail = ": ";
        append_log_text(detail, reader.error());
        log("Refused ", detail.append(", closing."));
      }
      co_return false;
    }
    const auto& header = reader.header();
    if (header.kind == ProxyHeader::Kind::proxied) {
      peer_ = header.source;
      if (address_counts_ != nullptr) rare().client_address = header.source_address;
    }
    if (step.consumed < n) {
      channel_.push({buffer.data() + step.consumed, n - step.consumed});
      more_to_read_ = n == ProxyHeaderReader::max_v2_bytes;
    }
    rare().proxy_reader.reset();
    answer_ended_ = now();  // idle time counts from here
    enter(Phase::opening);
    co_return true;
  }
}

template asio::awaitable<bool> Session<LineChannel>::read_proxy_header();
template asio::awaitable<bool> Session<HttpChannel>::read_proxy_header();

}  // namespace mojifinder
