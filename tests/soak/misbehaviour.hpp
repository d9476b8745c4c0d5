// What the misbehaving clients share: the server they misbehave against,
// one kind of misbehaviour, and the loop that runs them all for a while
// and says how often each was not answered as it should be.
#pragma once

#include <chrono>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace mojifinder::soak {

struct Options {
  std::string host = "127.0.0.1";
  unsigned short port = 2323;
  unsigned short http_port = 0;  // 0: the line port alone
  unsigned clients = 16;
  double duration = 60;
  std::size_t max_line = 4096;
  double idle_timeout = 10;
  double write_timeout = 5;
  double request_timeout = 10;
};

// One kind of misbehaviour: connects, does its thing, and says whether the
// server answered as it should (throwing counts as not).
struct Behaviour {
  std::string name;
  std::function<bool(const Options&, std::mt19937&)> run;
};

inline std::chrono::milliseconds seconds(double s) {
  return std::chrono::milliseconds(static_cast<long long>(s * 1000));
}

// The misbehaviours of a server's HTTP port (misbehaving_http.cpp).
std::vector<Behaviour> http_behaviours(const Options& options);

}  // namespace mojifinder::soak
