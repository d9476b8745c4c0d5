// mojifinder-loadtest: drives any server that speaks the Mojifinder
// protocol and reports throughput and latency.
//
// Closed loop (the default): each connection keeps --pipeline queries in
// flight and sends the next as soon as an answer is complete. Open loop
// (--rate): queries leave on a fixed schedule whatever the server does, and
// latency is measured from when each query was due, so a stalled server
// shows up in the figures instead of slowing the load (no coordinated
// omission). Every answer's framing is checked.
//
// Bystanders load the server without being measured: --idle connections
// that only read the prompt and stay silent, --stalled ones that send one
// query and never read its answer. With --server-pid, the server's resident
// memory is sampled before they connect and while the load runs, and its
// CPU time over the measured seconds is divided by the answers.
#include <CLI/CLI.hpp>
#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <deque>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "answer_parser.hpp"
#include "latency_histogram.hpp"
#include "mojifinder/embedded_index.hpp"
#include "mojifinder/server/descriptor_limit.hpp"
#include "query_mixes.hpp"

namespace {

using namespace mojifinder::loadtest;
using Clock = std::chrono::steady_clock;
using asio::ip::tcp;
constexpr auto as_tuple_awaitable = asio::experimental::as_tuple(asio::use_awaitable);

// Bytes read from the socket at a time.
constexpr std::size_t read_buffer_bytes = 64 * 1024;
// The built-in `small` mix: this many distinct queries.
constexpr std::size_t small_mix_size = 1000;

struct Options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 2323;
  unsigned connections = 10;
  double duration = 10;
  double warmup = 2;
  unsigned pipeline = 1;
  double rate = 0;  // queries per second in all; 0: closed loop
  std::string mix = "small";
  std::string query_file;
  unsigned threads = 1;
  bool json = false;
  std::string label;
  unsigned idle = 0;
  unsigned stalled = 0;
  std::string stalled_query = "cjk";
  std::vector<std::string> setup;  // commands each connection sends first (/lang fo)
  int server_pid = 0;
  bool list = false;
};

// What one thread's connections saw, merged at the end.
struct Tally {
  LatencyHistogram latency;
  std::uint64_t answers = 0;  // in the measured window
  std::uint64_t bytes = 0;    // received in the measured window
  std::uint64_t results = 0;
  std::uint64_t errors = 0;  // connections lost to an I/O error
  std::uint64_t failed_connects = 0;
  std::uint64_t bad_answers = 0;
  std::uint64_t unanswered = 0;  // sent and not answered by the end
  std::uint64_t bystanders = 0;         // idle or stalled connections that got in
  std::uint64_t failed_bystanders = 0;  // ... and those that did not
  std::string connect_error;            // why the first failed connect failed

  void merge(const Tally& o) {
    latency.merge(o.latency);
    answers += o.answers, bytes += o.bytes, results += o.results, errors += o.errors;
    failed_connects += o.failed_connects, bad_answers += o.bad_answers, unanswered += o.unanswered;
    bystanders += o.bystanders, failed_bystanders += o.failed_bystanders;
    if (connect_error.empty()) connect_error = o.connect_error;
  }
};

// Shared, read-only while the load runs.
struct Plan {
  Options options;
  std::vector<std::string> queries;  // each ends in CR LF
  tcp::endpoint target;
  Clock::time_point start, measure_from, end;
};

// Live counters for the progress line; relaxed atomics, read once a second.
struct Live {
  std::atomic<std::uint64_t> answers{0}, errors{0};
};

class Connection {
 public:
  Connection(const Plan& plan, Tally& tally, Live& live, std::size_t first_query)
      : plan_(plan), tally_(tally), live_(live), next_query_(first_query) {}

  asio::awaitable<void> run() {
    auto executor = co_await asio::this_coro::executor;
    socket_.emplace(executor);
    // Whatever the server sends, or does not: what is still waited for at
    // the give-up time is cancelled, so that a run lasts its duration and
    // a little more, even when an answer never ends as the parser knows.
    asio::steady_timer give_up(executor, give_up_time());
    give_up.async_wait([this](std::error_code ec) {
      std::error_code ignored;
      if (!ec) socket_->cancel(ignored);
    });
    auto [ec] = co_await socket_->async_connect(plan_.target, as_tuple_awaitable);
    if (ec) {
      ++tally_.failed_connects;
      if (tally_.connect_error.empty()) tally_.connect_error = ec.message();
      co_return;
    }
    socket_->set_option(tcp::no_delay(true));
    if (!plan_.options.setup.empty() && !co_await set_up()) {
      fail();
      co_return;
    }
    if (plan_.options.rate > 0) {
      asio::co_spawn(executor, send_on_schedule(), asio::detached);
    } else {
      co_await send_queries(plan_.options.pipeline);
    }
    co_await receive();
    tally_.unanswered += sent_at_.size();
    std::error_code ignored;
    socket_->close(ignored);
  }

 private:
  const std::string& next_query() { return plan_.queries[next_query_++ % plan_.queries.size()]; }
  Clock::time_point give_up_time() const { return plan_.end + std::chrono::seconds(2); }

  // Sends the setup commands and reads their replies: the first prompt,
  // then a reply line and a prompt each. The parser is then given the
  // prompt the queries begin after.
  asio::awaitable<bool> set_up() {
    std::string commands;
    for (const auto& command : plan_.options.setup) commands += command + "\r\n";
    auto [ec, n] = co_await asio::async_write(*socket_, asio::buffer(commands), as_tuple_awaitable);
    if (ec) co_return false;
    std::string received;
    std::array<char, 4096> buffer;
    const std::string_view prompt = "?> ";
    std::size_t prompts = 0;
    while (prompts < plan_.options.setup.size() + 1) {
      auto [read_error, got] = co_await socket_->async_read_some(asio::buffer(buffer), as_tuple_awaitable);
      if (read_error) co_return false;
      received.append(buffer.data(), got);
      prompts = 0;
      for (auto at = received.find(prompt); at != std::string::npos; at = received.find(prompt, at + prompt.size())) {
        ++prompts;
      }
    }
    if (received.find("error: ") != std::string::npos) {
      std::fprintf(stderr, "mojifinder-loadtest: a setup command was refused: %s", received.c_str());
      co_return false;
    }
    parser_.feed(prompt);
    co_return true;
  }

  // Closed loop: `count` more queries, in one write.
  asio::awaitable<void> send_queries(std::size_t count) {
    if (Clock::now() >= plan_.end || failed_) co_return;
    outgoing_.clear();
    const auto now = Clock::now();
    for (std::size_t i = 0; i < count; ++i) {
      outgoing_ += next_query();
      sent_at_.push_back(now);
    }
    auto [ec, n] = co_await asio::async_write(*socket_, asio::buffer(outgoing_), as_tuple_awaitable);
    if (ec) fail();
  }

  // Open loop: one query every interval, timed from when it was due.
  asio::awaitable<void> send_on_schedule() {
    const auto interval = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(plan_.options.connections / plan_.options.rate));
    asio::steady_timer timer(socket_->get_executor());
    // Connections start spread over one interval, not all at once.
    auto due = plan_.start + std::chrono::duration_cast<Clock::duration>(
                                 interval * (static_cast<double>(next_query_ % 1000) / 1000.0));
    std::string query;
    while (due < plan_.end && !failed_) {
      timer.expires_at(due);
      co_await timer.async_wait(as_tuple_awaitable);
      query = next_query();
      sent_at_.push_back(due);
      auto [ec, n] = co_await asio::async_write(*socket_, asio::buffer(query), as_tuple_awaitable);
      if (ec) {
        fail();
        co_return;
      }
      due += interval;
    }
    sending_done_ = true;
  }

  asio::awaitable<void> receive() {
    std::vector<char> buffer(read_buffer_bytes);
    // After the end, wait a little for answers still on their way.
    const auto give_up = give_up_time();
    while (!failed_) {
      const bool closed_loop = plan_.options.rate <= 0;
      if (sent_at_.empty() && parser_.greeted() && (closed_loop ? Clock::now() >= plan_.end : sending_done_)) break;
      if (Clock::now() >= give_up) break;
      auto [ec, n] = co_await socket_->async_read_some(asio::buffer(buffer), as_tuple_awaitable);
      if (ec) {
        if (Clock::now() < plan_.end) fail();
        break;
      }
      const auto now = Clock::now();
      const bool measuring = now >= plan_.measure_from && now < plan_.end;
      if (measuring) tally_.bytes += n;
      const auto progress = parser_.feed({buffer.data(), n});
      const auto completed = progress.answers + progress.bad_answers;
      for (std::size_t i = 0; i < completed && !sent_at_.empty(); ++i) {
        if (measuring && i < progress.answers) tally_.latency.record(now - sent_at_.front());
        sent_at_.pop_front();
      }
      if (measuring) {
        tally_.answers += progress.answers;
        tally_.results += progress.results;
        tally_.bad_answers += progress.bad_answers;
      }
      live_.answers.fetch_add(progress.answers, std::memory_order_relaxed);
      if (closed_loop && completed > 0) co_await send_queries(completed);
    }
  }

  void fail() {
    if (failed_) return;
    failed_ = true;
    ++tally_.errors;
    live_.errors.fetch_add(1, std::memory_order_relaxed);
  }

  const Plan& plan_;
  Tally& tally_;
  Live& live_;
  std::size_t next_query_;
  std::optional<tcp::socket> socket_;
  AnswerParser parser_;
  std::deque<Clock::time_point> sent_at_;  // when each query in flight was sent (or due)
  std::string outgoing_;
  bool failed_ = false;
  bool sending_done_ = false;
};

// Opens `count` connections one after another (a burst of thousands would
// overflow the listen backlog and measure SYN retries instead): each reads
// the prompt, sends `query` if there is one, then holds its socket unread
// until the end of the run.
asio::awaitable<void> open_bystanders(const Plan& plan, Tally& tally, std::size_t count, std::string query,
                                      std::vector<tcp::socket>& held) {
  auto executor = co_await asio::this_coro::executor;
  char prompt[3];
  for (std::size_t i = 0; i < count && Clock::now() < plan.end; ++i) {
    tcp::socket socket(executor);
    auto [ec] = co_await socket.async_connect(plan.target, as_tuple_awaitable);
    if (!ec) std::tie(ec, std::ignore) = co_await asio::async_read(socket, asio::buffer(prompt), as_tuple_awaitable);
    if (!ec && !query.empty()) {
      std::tie(ec, std::ignore) = co_await asio::async_write(socket, asio::buffer(query), as_tuple_awaitable);
    }
    if (ec) {
      ++tally.failed_bystanders;
      continue;
    }
    ++tally.bystanders;
    held.push_back(std::move(socket));
  }
}

// Resident memory of a process, in bytes; 0 when it cannot be read.
struct Resident {
  std::uint64_t all = 0;
  // Heap and stacks only: what connections cost, without the pages of the
  // program's own file (a server's embedded data, say) that queries touch.
  std::uint64_t anonymous = 0;
};

Resident resident_bytes(int pid) {
  Resident r;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) r.all = std::stoull(line.substr(6)) * 1024;
    if (line.rfind("RssAnon:", 0) == 0) r.anonymous = std::stoull(line.substr(8)) * 1024;
  }
  return r;
}

std::vector<std::string> load_queries(const Options& options) {
  std::vector<std::string> queries;
  if (!options.query_file.empty()) {
    std::ifstream file(options.query_file);
    if (!file) throw std::runtime_error("cannot read " + options.query_file);
    for (std::string line; std::getline(file, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) queries.push_back(line);
    }
  } else {
    const auto& index = mojifinder::embedded_name_index();
    queries = options.mix == "heavy" ? mojifinder::bench::heavy_mix(index)
                                     : mojifinder::bench::small_mix(index, small_mix_size);
  }
  if (queries.empty()) throw std::runtime_error("no queries to send");
  for (auto& q : queries) q += "\r\n";
  return queries;
}

tcp::endpoint resolve(const Options& options) {
  asio::io_context io;
  tcp::resolver resolver(io);
  return resolver.resolve(options.host, std::to_string(options.port)).begin()->endpoint();
}

double ms(LatencyHistogram::Duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// [fraction, ms] pairs from the median out to the tail, for a latency plot.
std::string percentile_curve(const LatencyHistogram& h) {
  std::string out;
  char pair[64];
  for (const double fraction : {0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999, 0.9995, 0.9999}) {
    std::snprintf(pair, sizeof pair, "%s[%g,%.4f]", out.empty() ? "" : ",", fraction, ms(h.percentile(fraction)));
    out += pair;
  }
  return out;
}

// CPU time a process has used, user and system, in seconds (Linux /proc:
// every thread's, in clock ticks).
struct CpuTime {
  double user = 0;
  double system = 0;
};

CpuTime cpu_time(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  std::getline(stat, text);
  // The command name, in parentheses, may hold spaces: count from after it.
  const auto close = text.rfind(')');
  if (close == std::string::npos) return {};
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  // Fields 3 to 13 (state to cmajflt), then utime and stime.
  for (int i = 3; i <= 13; ++i) fields >> field;
  unsigned long long user = 0, system = 0;
  fields >> user >> system;
  const auto ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  return {static_cast<double>(user) / ticks, static_cast<double>(system) / ticks};
}

// What the load generator reads of the server while the load runs (Linux
// /proc, with --server-pid).
struct ServerUsage {
  Resident before;  // before any connection
  Resident peak;    // the most seen while the load ran
  // The server's CPU time over the measured window: what a query costs it,
  // whether or not it was busy all the time.
  CpuTime cpu_at_start;
  CpuTime cpu_at_end;

  void sample(int pid) {
    const auto now = resident_bytes(pid);
    peak.all = std::max(peak.all, now.all);
    peak.anonymous = std::max(peak.anonymous, now.anonymous);
  }
};

void print_report(const Plan& plan, const Tally& t, const ServerUsage& server) {
  const auto& o = plan.options;
  const double seconds = std::chrono::duration<double>(plan.end - plan.measure_from).count();
  const double qps = static_cast<double>(t.answers) / seconds;
  const auto per_answer_us = [&](double cpu_seconds) {
    return t.answers > 0 ? cpu_seconds * 1e6 / static_cast<double>(t.answers) : 0.0;
  };
  const double user_us = per_answer_us(server.cpu_at_end.user - server.cpu_at_start.user);
  const double system_us = per_answer_us(server.cpu_at_end.system - server.cpu_at_start.system);
  const double mbps = static_cast<double>(t.bytes) / seconds / 1e6;
  const auto& h = t.latency;
  if (o.json) {
    std::printf(
        "{\"label\":\"%s\",\"target\":\"%s:%u\",\"connections\":%u,\"pipeline\":%u,\"rate\":%.0f,\"mix\":\"%s\","
        "\"queries_in_mix\":%zu,\"duration_s\":%.3f,\"answers\":%llu,\"qps\":%.1f,\"mb_per_s\":%.2f,"
        "\"results_per_answer\":%.2f,\"latency_ms\":{\"p50\":%.4f,\"p90\":%.4f,\"p99\":%.4f,\"p999\":%.4f,"
        "\"max\":%.4f},\"errors\":%llu,\"failed_connects\":%llu,\"bad_answers\":%llu,\"unanswered\":%llu,"
        "\"idle\":%u,\"stalled\":%u,\"bystanders\":%llu,\"failed_bystanders\":%llu,"
        "\"server_rss_before_bytes\":%llu,\"server_rss_peak_bytes\":%llu,\"server_anon_rss_before_bytes\":%llu,"
        "\"server_anon_rss_peak_bytes\":%llu,\"server_cpu_us_per_answer\":{\"user\":%.3f,\"system\":%.3f},"
        "\"percentiles_ms\":[%s]}\n",
        o.label.c_str(), o.host.c_str(), o.port, o.connections, o.pipeline, o.rate,
        o.query_file.empty() ? o.mix.c_str() : o.query_file.c_str(), plan.queries.size(), seconds,
        static_cast<unsigned long long>(t.answers), qps, mbps,
        t.answers ? static_cast<double>(t.results) / static_cast<double>(t.answers) : 0.0, ms(h.percentile(0.5)),
        ms(h.percentile(0.9)), ms(h.percentile(0.99)), ms(h.percentile(0.999)), ms(h.max()),
        static_cast<unsigned long long>(t.errors), static_cast<unsigned long long>(t.failed_connects),
        static_cast<unsigned long long>(t.bad_answers), static_cast<unsigned long long>(t.unanswered), o.idle,
        o.stalled, static_cast<unsigned long long>(t.bystanders), static_cast<unsigned long long>(t.failed_bystanders),
        static_cast<unsigned long long>(server.before.all), static_cast<unsigned long long>(server.peak.all),
        static_cast<unsigned long long>(server.before.anonymous),
        static_cast<unsigned long long>(server.peak.anonymous), user_us, system_us,
        percentile_curve(h).c_str());
    return;
  }
  std::printf("target            %s:%u\n", o.host.c_str(), o.port);
  std::printf("load              %u connections, %s, pipeline %u, %s mix (%zu queries)\n", o.connections,
              o.rate > 0 ? ("open loop at " + std::to_string(static_cast<long long>(o.rate)) + " q/s").c_str()
                         : "closed loop",
              o.pipeline, o.query_file.empty() ? o.mix.c_str() : o.query_file.c_str(), plan.queries.size());
  std::printf("measured          %.1f s after %.1f s of warm-up\n", seconds, o.warmup);
  std::printf("queries           %llu (%.1f results each)\n", static_cast<unsigned long long>(t.answers),
              t.answers ? static_cast<double>(t.results) / static_cast<double>(t.answers) : 0.0);
  std::printf("throughput        %.0f q/s, %.1f MB/s\n", qps, mbps);
  std::printf("latency (ms)      p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f\n", ms(h.percentile(0.5)),
              ms(h.percentile(0.9)), ms(h.percentile(0.99)), ms(h.percentile(0.999)), ms(h.max()));
  std::printf("errors            %llu  failed connects %llu  answers that did not parse %llu  unanswered %llu\n",
              static_cast<unsigned long long>(t.errors), static_cast<unsigned long long>(t.failed_connects),
              static_cast<unsigned long long>(t.bad_answers), static_cast<unsigned long long>(t.unanswered));
  if (o.idle + o.stalled > 0) {
    std::printf("bystanders        %u idle, %u stalled on '%s': %llu connected, %llu failed\n", o.idle, o.stalled,
                o.stalled_query.c_str(), static_cast<unsigned long long>(t.bystanders),
                static_cast<unsigned long long>(t.failed_bystanders));
  }
  if (server.before.all > 0) {
    std::printf("server memory     %.1f MB resident before, %.1f MB at most under load "
                "(anonymous: %.1f MB, %.1f MB)\n",
                static_cast<double>(server.before.all) / 1e6, static_cast<double>(server.peak.all) / 1e6,
                static_cast<double>(server.before.anonymous) / 1e6, static_cast<double>(server.peak.anonymous) / 1e6);
    std::printf("server CPU        %.2f us a query (user %.2f, system %.2f)\n", user_us + system_us, user_us,
                system_us);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Load-test a server that speaks the Mojifinder protocol"};
  Options o;
  app.add_option("--host", o.host, "Server address")->capture_default_str();
  app.add_option("--port", o.port, "Server port")->capture_default_str();
  app.add_option("-c,--connections", o.connections, "Connections")->capture_default_str()->check(CLI::Range(1u, 100000u));
  app.add_option("-d,--duration", o.duration, "Seconds measured")->capture_default_str()->check(CLI::Range(0.1, 3600.0));
  app.add_option("-w,--warmup", o.warmup, "Seconds of load before measuring")->capture_default_str()->check(CLI::Range(0.0, 600.0));
  app.add_option("-p,--pipeline", o.pipeline, "Queries in flight per connection (closed loop)")
      ->capture_default_str()->check(CLI::Range(1u, 1024u));
  app.add_option("-r,--rate", o.rate, "Open loop: queries per second in all, on a fixed schedule")
      ->check(CLI::Range(0.0, 1e7));
  app.add_option("-m,--mix", o.mix, "Built-in query mix: small (1 to 50 results) or heavy (over 1,000)")
      ->capture_default_str()->check(CLI::IsMember({"small", "heavy"}));
  app.add_option("-q,--queries", o.query_file, "File of queries, one a line (instead of a mix)")
      ->check(CLI::ExistingFile);
  app.add_option("-t,--threads", o.threads, "Threads driving the connections")->capture_default_str()
      ->check(CLI::Range(1u, 256u));
  app.add_option("--label", o.label, "A name for this run, carried into --json");
  app.add_flag("--json", o.json, "Print the result as one JSON object");
  app.add_option("--idle", o.idle, "Bystanders that connect and stay silent")->check(CLI::Range(0u, 1000000u));
  app.add_option("--stalled", o.stalled, "Bystanders that send one query and never read the answer")
      ->check(CLI::Range(0u, 1000000u));
  app.add_option("--stalled-query", o.stalled_query, "What the stalled bystanders send")->capture_default_str();
  app.add_option("--setup", o.setup,
                 "A command each connection sends before its queries, its reply read and dropped (repeatable: "
                 "--setup '/lang fo' --setup '/order relevance')");
  app.add_option("--server-pid", o.server_pid,
                 "Sample this process's resident memory, and its CPU time a query (Linux /proc)");
  app.add_flag("--list", o.list, "Print the queries of the mix, one a line, and exit (for other load tools)");
  CLI11_PARSE(app, argc, argv);

  try {
    // Without enough descriptors, thousands of connections would fail to
    // open for reasons that have nothing to do with the server.
    mojifinder::raise_descriptor_limit();
    if (o.list) {
      for (const auto& query : load_queries(o)) std::fputs(query.substr(0, query.size() - 2).append("\n").c_str(), stdout);
      return 0;
    }
    Plan plan{o, load_queries(o), resolve(o), {}, {}, {}};
    ServerUsage server;
    if (o.server_pid > 0) server.before = server.peak = resident_bytes(o.server_pid);
    std::vector<std::unique_ptr<asio::io_context>> loops;
    std::vector<Tally> tallies(o.threads);
    std::vector<std::unique_ptr<Connection>> connections;
    Live live;
    for (unsigned t = 0; t < o.threads; ++t) loops.push_back(std::make_unique<asio::io_context>(1));
    plan.start = Clock::now() + std::chrono::milliseconds(50);
    plan.measure_from = plan.start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.warmup));
    plan.end = plan.measure_from + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.duration));
    for (unsigned c = 0; c < o.connections; ++c) {
      const auto t = c % o.threads;
      // Each connection starts at its own place in the mix.
      connections.push_back(std::make_unique<Connection>(plan, tallies[t], live, c * 7919));
      asio::co_spawn(*loops[t], connections.back()->run(), asio::detached);
    }
    // A few openers at a time, so that thousands are in before the warm-up ends.
    constexpr unsigned openers = 8;
    std::vector<std::vector<tcp::socket>> held(openers * o.threads);
    for (unsigned i = 0; i < openers * o.threads; ++i) {
      const auto t = i % o.threads;
      const auto share = [&](unsigned total) { return total / (openers * o.threads) + (i < total % (openers * o.threads)); };
      if (const auto n = share(o.idle)) {
        asio::co_spawn(*loops[t], open_bystanders(plan, tallies[t], n, "", held[i]), asio::detached);
      }
      if (const auto n = share(o.stalled)) {
        asio::co_spawn(*loops[t], open_bystanders(plan, tallies[t], n, o.stalled_query + "\r\n", held[i]),
                       asio::detached);
      }
    }

    // The progress line, on a terminal only, to standard error.
    std::atomic<bool> finished{false};
    std::thread progress;
    if (isatty(STDERR_FILENO)) {
      progress = std::thread([&] {
        std::uint64_t last = 0;
        while (!finished) {
          std::this_thread::sleep_for(std::chrono::seconds(1));
          const auto now = live.answers.load(std::memory_order_relaxed);
          const double elapsed = std::chrono::duration<double>(Clock::now() - plan.start).count();
          std::fprintf(stderr, "\r%6.1f s %s  %9llu q/s  errors %llu   ", elapsed,
                       Clock::now() < plan.measure_from ? "(warm-up)" : "         ",
                       static_cast<unsigned long long>(now - last),
                       static_cast<unsigned long long>(live.errors.load(std::memory_order_relaxed)));
          last = now;
        }
        std::fprintf(stderr, "\r%60s\r", "");
      });
    }
    std::thread sampler;
    if (o.server_pid > 0) {
      sampler = std::thread([&] {
        bool measuring = false;
        bool measured = false;
        while (!finished) {
          // To the next sample, or to the edge of the measured window.
          auto next = Clock::now() + std::chrono::milliseconds(50);
          if (!measuring) next = std::min(next, plan.measure_from);
          if (!measured) next = std::min(next, plan.end);
          std::this_thread::sleep_until(next);
          server.sample(o.server_pid);
          if (!measuring && Clock::now() >= plan.measure_from) {
            measuring = true;
            server.cpu_at_start = cpu_time(o.server_pid);
          }
          if (!measured && Clock::now() >= plan.end) {
            measured = true;
            server.cpu_at_end = cpu_time(o.server_pid);
          }
        }
        // Ended early (every connection failed): no window, no figure.
        if (!measured) server.cpu_at_end = server.cpu_at_start;
      });
    }
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < o.threads; ++t) threads.emplace_back([&loop = *loops[t]] { loop.run(); });
    loops[0]->run();
    for (auto& thread : threads) thread.join();
    finished = true;
    if (progress.joinable()) progress.join();
    if (sampler.joinable()) sampler.join();

    Tally total;
    for (const auto& t : tallies) total.merge(t);
    print_report(plan, total, server);
    if (total.failed_connects > 0) {
      std::fprintf(stderr, "mojifinder-loadtest: %llu of %u connections to %s failed: %s\n",
                   static_cast<unsigned long long>(total.failed_connects), o.connections,
                   (o.host + ":" + std::to_string(o.port)).c_str(), total.connect_error.c_str());
    }
    return total.errors + total.failed_connects + total.bad_answers == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mojifinder-loadtest: %s\n", e.what());
    return 2;
  }
}
