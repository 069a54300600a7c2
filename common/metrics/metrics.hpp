#pragma once
// Prometheus text-format metrics. Creating a metric takes a lock; updating one is a relaxed atomic,
// so hot paths look their metrics up once and keep the reference (references stay valid for the
// registry's lifetime).
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hub::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

// A gauge that also remembers the highest value it reached (exported as <name>_peak), which is how
// tests and benchmarks show that buffering stayed bounded.
class Gauge {
 public:
  void add(std::int64_t n);
  void sub(std::int64_t n) { value_.fetch_sub(n, std::memory_order_relaxed); }
  void set(std::int64_t n);
  std::int64_t value() const { return value_.load(std::memory_order_relaxed); }
  std::int64_t peak() const { return peak_.load(std::memory_order_relaxed); }

 private:
  void raise_peak(std::int64_t candidate);
  std::atomic<std::int64_t> value_{0};
  std::atomic<std::int64_t> peak_{0};
};

class Histogram {
 public:
  // Upper bounds in seconds; +Inf is implicit.
  static constexpr std::array<double, 14> kBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                     0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  void observe(double seconds);
  std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }

 private:
  friend class Registry;
  std::array<std::atomic<std::uint64_t>, kBounds.size() + 1> buckets_{};
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_micros_{0};
};

class Registry {
 public:
  Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {});
  Histogram& histogram(std::string_view name, std::string_view help, const Labels& labels = {});

  std::string render() const;

  // The process-wide registry that /metrics serves.
  static Registry& global();

 private:
  enum class Kind { kCounter, kGauge, kHistogram };
  struct Family {
    Kind kind;
    std::string help;
    std::map<std::string, std::unique_ptr<Counter>> counters;
    std::map<std::string, std::unique_ptr<Gauge>> gauges;
    std::map<std::string, std::unique_ptr<Histogram>> histograms;
  };
  Family& family(std::string_view name, std::string_view help, Kind kind);

  mutable std::mutex mutex_;
  std::map<std::string, Family, std::less<>> families_;
};

// `{a="x",b="y"}` with values escaped; empty labels give an empty string.
std::string format_labels(const Labels& labels);

}  // namespace hub::metrics
