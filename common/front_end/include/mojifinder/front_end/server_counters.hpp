// What a server counts, kept by the server and counted by its sessions and
// conversations from every event loop: the line protocol's /stats and the
// HTTP port's /metrics (Prometheus's text format) report it. Relaxed
// atomics: each figure is exact on its own, and the figures of one report
// are not a snapshot of one instant.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mojifinder {
class NameIndex;
}

namespace mojifinder {

struct ServerCounters {
  using Counter = std::atomic<std::uint64_t>;

  enum Protocol : std::size_t { line, http, protocol_count };
  static constexpr std::array<std::string_view, protocol_count> protocol_names = {"line", "http"};

  // Why the server refused or cut a client short.
  enum Error : std::size_t {
    line_too_long,    // a line past --max-line
    not_utf8,         // a query that is not UTF-8
    busy,             // over --max-connections
    idle_timeout,     // closed after --idle-timeout
    write_timeout,    // closed after --write-timeout, an answer left unread
    request_timeout,  // an HTTP request not whole within --request-timeout
    per_address,      // over --max-connections-per-ip
    proxy_header,     // no valid PROXY header (--proxy-protocol)
    error_count
  };
  static constexpr std::array<std::string_view, error_count> error_names = {
      "line_too_long", "not_utf8", "busy", "idle_timeout", "write_timeout", "request_timeout", "per_address",
      "proxy_header"};

  // The statuses the HTTP front end sends, each counted.
  static constexpr std::array<int, 12> http_statuses = {200, 400, 404, 405, 408, 413, 414, 422, 429, 431, 503, 505};

  // Upper bounds of the latency histogram's buckets, in seconds: from a
  // tenth of a millisecond (a short answer) to a second (`cjk` to a slow
  // reader), then the rest.
  static constexpr std::array<double, 13> latency_bounds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                            0.025,  0.05,    0.1,    0.25,  0.5,   1.0};

  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  // Both protocols together, as /stats reports them.
  Counter connections_open{0};
  Counter connections_total{0};
  Counter queries{0};
  Counter bytes_sent{0};
  Counter bytes_received{0};  // read from clients, PROXY headers included
  // The same by protocol, and the rest for /metrics.
  std::array<Counter, protocol_count> open_by_protocol{};
  std::array<Counter, protocol_count> accepted_by_protocol{};
  std::array<Counter, protocol_count> queries_by_protocol{};
  std::array<Counter, error_count> errors{};
  std::array<Counter, http_statuses.size()> http_responses{};
  std::array<Counter, latency_bounds.size() + 1> latency_buckets{};  // the last: over the last bound
  Counter latency_count{0};
  Counter latency_sum_ns{0};
  Counter parked{0};  // sessions waiting for their client without a coroutine frame
  Counter answers_abandoned{0};  // answers given up unfinished, their client gone (a reset)
  std::atomic<bool> stopping{false};

  // Every counter moves through these: relaxed, since each is read alone.
  void count(Counter& counter, std::uint64_t n = 1) noexcept { counter.fetch_add(n, std::memory_order_relaxed); }
  void uncount(Counter& counter) noexcept { counter.fetch_sub(1, std::memory_order_relaxed); }
  void count_error(Error error) noexcept { count(errors[error]); }
  void count_http_status(int status) noexcept;
  // The time from a query's or request's whole arrival to the end of its
  // answer's writing (what the socket took; the kernel may hold the tail).
  void record_latency(std::chrono::steady_clock::duration taken) noexcept;
};

// Every counter in Prometheus's text format (version 0.0.4), with the
// index's Unicode version as an info metric.
void append_metrics(std::string& out, const ServerCounters& counters, const NameIndex& index);

}  // namespace mojifinder
