// Whole-process cost of a command: wall time from spawn to exit and peak
// resident memory, over many runs, beside a baseline command run in the
// same loop (interleaved, so that a noisy neighbour hits both alike).
//
//   process_benchmark --runs 50 -- mojifinder search cat face
//   process_benchmark --until-connect 2399 --baseline "baseline_server --port 2399" --
//       mojifinder serve --port 2399
//
// With --until-connect, both commands are servers: the time is from spawn
// until a TCP connection to that loopback port succeeds; then the server is
// sent SIGTERM and reaped.
#include <CLI/CLI.hpp>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <thread>
#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace {

struct Sample {
  double wall_ms;
  double max_rss_mb;
};

// Whether something accepts TCP connections on 127.0.0.1:port.
bool accepts(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool connected = connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return connected;
}

// Runs `argv` once with its output thrown away. With a port, the command is
// a server: it is timed until it accepts a connection there, then stopped.
Sample run_once(const std::vector<std::string>& args, std::uint16_t until_connect = 0) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);

  const auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  const int error = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::runtime_error("cannot run " + args[0]);
  int status = 0;
  rusage usage{};
  auto stop = start;
  if (until_connect != 0) {
    // Refused connections cost a few microseconds; poll until it listens.
    const auto deadline = start + std::chrono::seconds(10);
    while (!accepts(until_connect)) {
      if (std::chrono::steady_clock::now() > deadline || waitpid(pid, &status, WNOHANG) == pid) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        throw std::runtime_error(args[0] + " never accepted a connection on port " + std::to_string(until_connect));
      }
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    stop = std::chrono::steady_clock::now();
    kill(pid, SIGTERM);
    if (wait4(pid, &status, 0, &usage) != pid) throw std::runtime_error("wait4 failed");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error(args[0] + " did not exit cleanly");
  } else {
    if (wait4(pid, &status, 0, &usage) != pid) throw std::runtime_error("wait4 failed");
    stop = std::chrono::steady_clock::now();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error(args[0] + " failed");
  }
  return {std::chrono::duration<double, std::milli>(stop - start).count(), static_cast<double>(usage.ru_maxrss) / 1024.0};
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const auto at = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[at];
}

std::string joined(const std::vector<std::string>& args) {
  std::string out;
  for (const auto& a : args) out += (out.empty() ? "" : " ") + a;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Measure a command's wall time and peak memory against a baseline command"};
  int runs = 50;
  std::string baseline_text = "true";
  std::vector<std::string> command;
  app.add_option("--runs", runs, "Runs of each command")->check(CLI::Range(1, 100000));
  app.add_option("--baseline", baseline_text, "Baseline command, words split on spaces");
  std::uint16_t until_connect = 0;
  app.add_option("--until-connect", until_connect,
                 "The commands are servers: time them until they accept on this loopback port, then stop them");
  app.add_option("command", command, "The command to measure")->required();
  app.positionals_at_end();
  CLI11_PARSE(app, argc, argv);

  std::vector<std::string> baseline;
  std::istringstream words(baseline_text);
  for (std::string w; words >> w;) baseline.push_back(w);

  try {
    run_once(command, until_connect);  // warm the page cache
    std::vector<Sample> measured, base;
    for (int i = 0; i < runs; ++i) {
      base.push_back(run_once(baseline, until_connect));
      measured.push_back(run_once(command, until_connect));
    }
    const auto column = [](const std::vector<Sample>& s, double Sample::*field) {
      std::vector<double> v;
      for (const auto& x : s) v.push_back(x.*field);
      return v;
    };
    std::printf("%-50s %5s %10s %8s %16s\n", "command", "runs", "median ms", "p90 ms", "peak RSS MB p50/max");
    for (const auto* set : {&base, &measured}) {
      const auto wall = column(*set, &Sample::wall_ms);
      const auto rss = column(*set, &Sample::max_rss_mb);
      std::printf("%-50s %5d %10.2f %8.2f %10.1f/%.1f\n", joined(set == &base ? baseline : command).c_str(), runs,
                  percentile(wall, 0.5), percentile(wall, 0.9), percentile(rss, 0.5),
                  *std::max_element(rss.begin(), rss.end()));
    }
    rusage self{};
    getrusage(RUSAGE_SELF, &self);
    std::printf("(Linux counts the spawning process's %.1f MB into each child's peak RSS: a row at that figure\n"
                " is this harness, not the command.)\n",
                static_cast<double>(self.ru_maxrss) / 1024.0);
    std::printf("median wall time, command / baseline: %.2f\n",
                percentile(column(measured, &Sample::wall_ms), 0.5) / percentile(column(base, &Sample::wall_ms), 0.5));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "process_benchmark: %s\n", e.what());
    return 1;
  }
}
