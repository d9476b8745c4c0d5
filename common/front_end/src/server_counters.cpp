#include "mojifinder/front_end/server_counters.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "mojifinder/index/name_index.hpp"
#include "mojifinder/text/escape.hpp"

namespace mojifinder {

void ServerCounters::count_http_status(int status) noexcept {
  const auto found = std::find(http_statuses.begin(), http_statuses.end(), status);
  if (found != http_statuses.end()) count(http_responses[static_cast<std::size_t>(found - http_statuses.begin())]);
}

void ServerCounters::record_latency(std::chrono::steady_clock::duration taken) noexcept {
  const auto seconds = std::chrono::duration<double>(taken).count();
  const auto bucket = std::lower_bound(latency_bounds.begin(), latency_bounds.end(), seconds) - latency_bounds.begin();
  count(latency_buckets[static_cast<std::size_t>(bucket)]);
  count(latency_count);
  count(latency_sum_ns, static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(taken).count()));
}

namespace {

std::uint64_t value(const ServerCounters::Counter& counter) { return counter.load(std::memory_order_relaxed); }

void append_number(std::string& out, std::uint64_t n) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, end);
}

void append_double(std::string& out, double x) {
  char text[32];
  const auto n = std::snprintf(text, sizeof text, "%.9g", x);
  out.append(text, static_cast<std::size_t>(n));
}

void append_family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

// `name{label="value"} n`
void append_sample(std::string& out, std::string_view name, std::string_view label, std::string_view label_value,
                   std::uint64_t n) {
  out += name;
  if (!label.empty()) {
    out += '{';
    out += label;
    out += "=\"";
    out += label_value;
    out += "\"}";
  }
  out += ' ';
  append_number(out, n);
  out += '\n';
}

template <std::size_t N>
void append_by_protocol(std::string& out, std::string_view name, const std::array<ServerCounters::Counter, N>& counters) {
  for (std::size_t p = 0; p < N; ++p) {
    append_sample(out, name, "protocol", ServerCounters::protocol_names[p], value(counters[p]));
  }
}

}  // namespace

void append_metrics(std::string& out, const ServerCounters& c, const NameIndex& index) {
  append_family(out, "mojifinder_info", "gauge",
                "The server's data: the versions of Unicode, of emoji and of CLDR its index holds.");
  // Digits and dots; escaped all the same.
  index.append_versions(out, {"mojifinder_info{unicode_version=\"", "\",emoji_version=\"", "\",cldr_version=\"", "\"} 1\n"},
                        append_json_text);

  append_family(out, "mojifinder_uptime_seconds", "gauge", "Seconds since the server started.");
  out += "mojifinder_uptime_seconds ";
  append_double(out, std::chrono::duration<double>(std::chrono::steady_clock::now() - c.started).count());
  out += '\n';

  append_family(out, "mojifinder_stopping", "gauge", "1 once the server is stopping (GET /healthz answers 503).");
  append_sample(out, "mojifinder_stopping", {}, {}, c.stopping.load(std::memory_order_relaxed) ? 1 : 0);

  append_family(out, "mojifinder_connections_open", "gauge", "Connections open, by protocol.");
  append_by_protocol(out, "mojifinder_connections_open", c.open_by_protocol);
  append_family(out, "mojifinder_connections_accepted_total", "counter", "Connections accepted, by protocol.");
  append_by_protocol(out, "mojifinder_connections_accepted_total", c.accepted_by_protocol);
  append_family(out, "mojifinder_sessions_parked", "gauge",
                "Sessions waiting for their client without a coroutine frame (compact sessions).");
  append_sample(out, "mojifinder_sessions_parked", {}, {}, value(c.parked));

  append_family(out, "mojifinder_queries_total", "counter", "Queries searched, by protocol.");
  append_by_protocol(out, "mojifinder_queries_total", c.queries_by_protocol);
  append_family(out, "mojifinder_http_responses_total", "counter", "HTTP responses, by status.");
  for (std::size_t s = 0; s < ServerCounters::http_statuses.size(); ++s) {
    append_sample(out, "mojifinder_http_responses_total", "status", std::to_string(ServerCounters::http_statuses[s]),
                  value(c.http_responses[s]));
  }
  append_family(out, "mojifinder_errors_total", "counter", "Clients refused or cut short, by why.");
  for (std::size_t e = 0; e < ServerCounters::error_count; ++e) {
    append_sample(out, "mojifinder_errors_total", "kind", ServerCounters::error_names[e], value(c.errors[e]));
  }
  append_family(out, "mojifinder_answers_abandoned_total", "counter",
                "Answers given up unfinished because their client reset the connection.");
  append_sample(out, "mojifinder_answers_abandoned_total", {}, {}, value(c.answers_abandoned));
  append_family(out, "mojifinder_sent_bytes_total", "counter", "Bytes written to clients, both protocols.");
  append_sample(out, "mojifinder_sent_bytes_total", {}, {}, value(c.bytes_sent));
  append_family(out, "mojifinder_received_bytes_total", "counter", "Bytes read from clients, both protocols.");
  append_sample(out, "mojifinder_received_bytes_total", {}, {}, value(c.bytes_received));

  append_family(out, "mojifinder_answer_duration_seconds", "histogram",
                "From a query's or request's arrival to the end of its answer's writing.");
  std::uint64_t cumulative = 0;
  for (std::size_t b = 0; b <= ServerCounters::latency_bounds.size(); ++b) {
    cumulative += value(c.latency_buckets[b]);
    out += "mojifinder_answer_duration_seconds_bucket{le=\"";
    if (b < ServerCounters::latency_bounds.size()) {
      append_double(out, ServerCounters::latency_bounds[b]);
    } else {
      out += "+Inf";
    }
    out += "\"} ";
    append_number(out, cumulative);
    out += '\n';
  }
  out += "mojifinder_answer_duration_seconds_sum ";
  append_double(out, static_cast<double>(value(c.latency_sum_ns)) / 1e9);
  out += "\nmojifinder_answer_duration_seconds_count ";
  // The buckets are read one by one while others count: the count is their
  // sum, so that the histogram holds together.
  append_number(out, cumulative);
  out += '\n';
}

}  // namespace mojifinder
