// Latencies in log-spaced buckets (16 per power of two, so any percentile
// is within about 4% of the truth) from 1 µs to about 70 s: a few KB that
// record in constant time and merge by adding.
#pragma once

#include <array>
#include <bit>
#include <chrono>
#include <cstdint>

namespace mojifinder::loadtest {

class LatencyHistogram {
 public:
  using Duration = std::chrono::nanoseconds;

  void record(Duration latency) noexcept {
    const auto ns = static_cast<std::uint64_t>(std::max<std::int64_t>(latency.count(), 0));
    ++buckets_[bucket_of(ns)];
    ++count_;
    max_ns_ = std::max(max_ns_, ns);
  }

  void merge(const LatencyHistogram& other) noexcept {
    for (std::size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
    count_ += other.count_;
    max_ns_ = std::max(max_ns_, other.max_ns_);
  }

  std::uint64_t count() const noexcept { return count_; }
  Duration max() const noexcept { return Duration(max_ns_); }

  // The latency below which `fraction` (0 to 1) of the samples fall: the
  // upper edge of the bucket that holds that rank, capped by the maximum.
  Duration percentile(double fraction) const noexcept {
    if (count_ == 0) return Duration(0);
    const auto rank = static_cast<std::uint64_t>(fraction * static_cast<double>(count_ - 1)) + 1;
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
      seen += buckets_[i];
      if (seen >= rank) return Duration(std::min(upper_edge(i), max_ns_));
    }
    return Duration(max_ns_);
  }

 private:
  static constexpr int sub_bucket_bits = 4;  // 16 buckets per power of two
  static constexpr int smallest_power = 10;  // below 1024 ns: one bucket
  static constexpr int largest_power = 36;   // about 69 s; longer is clamped
  static constexpr std::size_t bucket_count = (largest_power - smallest_power + 1) << sub_bucket_bits;

  static std::size_t bucket_of(std::uint64_t ns) noexcept {
    if (ns < (1ull << smallest_power)) return 0;
    const int power = std::min(63 - std::countl_zero(ns), largest_power);
    if (power == largest_power && ns >= (1ull << largest_power)) return bucket_count - 1;
    const auto sub = (ns >> (power - sub_bucket_bits)) & ((1u << sub_bucket_bits) - 1);
    return (static_cast<std::size_t>(power - smallest_power) << sub_bucket_bits) + sub;
  }

  static std::uint64_t upper_edge(std::size_t bucket) noexcept {
    if (bucket == 0) return 1ull << smallest_power;
    const int power = static_cast<int>(bucket >> sub_bucket_bits) + smallest_power;
    const auto sub = bucket & ((1u << sub_bucket_bits) - 1);
    return (1ull << power) + ((sub + 1) << (power - sub_bucket_bits));
  }

  std::array<std::uint64_t, bucket_count> buckets_{};
  std::uint64_t count_ = 0;
  std::uint64_t max_ns_ = 0;
};

}  // namespace mojifinder::loadtest
