#include "common/metrics/metrics.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace hub::metrics {

void Gauge::raise_peak(std::int64_t candidate) {
  std::int64_t seen = peak_.load(std::memory_order_relaxed);
  while (candidate > seen && !peak_.compare_exchange_weak(seen, candidate, std::memory_order_relaxed)) {
  }
}

void Gauge::add(std::int64_t n) {
  raise_peak(value_.fetch_add(n, std::memory_order_relaxed) + n);
}

void Gauge::set(std::int64_t n) {
  value_.store(n, std::memory_order_relaxed);
  raise_peak(n);
}

void Histogram::observe(double seconds) {
  std::size_t i = 0;
  while (i < kBounds.size() && seconds > kBounds[i])
    ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(static_cast<std::uint64_t>(std::llround(std::max(0.0, seconds) * 1e6)),
                        std::memory_order_relaxed);
}

std::string format_labels(const Labels& labels) {
  if (labels.empty()) return {};
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) out += ',';
    first = false;
    out += k;
    out += "=\"";
    for (char c : v) {
      if (c == '\\' || c == '"') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

Registry::Family& Registry::family(std::string_view name, std::string_view help, Kind kind) {
  auto it = families_.find(name);
  if (it == families_.end()) {
    it = families_.emplace(std::string(name), Family{kind, std::string(help), {}, {}, {}}).first;
  } else if (it->second.kind != kind) {
    throw std::logic_error("metric " + std::string(name) + " registered with two kinds");
  }
  return it->second;
}

Counter& Registry::counter(std::string_view name, std::string_view help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, Kind::kCounter).counters[format_labels(labels)];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& Registry::gauge(std::string_view name, std::string_view help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, Kind::kGauge).gauges[format_labels(labels)];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& Registry::histogram(std::string_view name, std::string_view help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, Kind::kHistogram).histograms[format_labels(labels)];
  if (!slot) slot = std::make_unique<Histogram>();
  return *slot;
}

namespace {
// Inserts an extra label into an already formatted label set.
std::string with_label(const std::string& labels, const std::string& extra) {
  if (labels.empty()) return "{" + extra + "}";
  return labels.substr(0, labels.size() - 1) + "," + extra + "}";
}

// Shortest round-trip form, so bucket bounds read as written (0.0025, not 0.0025000000000000001).
std::string number(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : "0";
}
}  // namespace

std::string Registry::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, fam] : families_) {
    const char* type = fam.kind == Kind::kCounter ? "counter" : fam.kind == Kind::kGauge ? "gauge" : "histogram";
    out += "# HELP " + name + " " + fam.help + "\n# TYPE " + name + " " + type + "\n";
    for (const auto& [labels, c] : fam.counters)
      out += name + labels + " " + std::to_string(c->value()) + "\n";
    for (const auto& [labels, g] : fam.gauges)
      out += name + labels + " " + std::to_string(g->value()) + "\n";
    for (const auto& [labels, h] : fam.histograms) {
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i <= Histogram::kBounds.size(); ++i) {
        cumulative += h->buckets_[i].load(std::memory_order_relaxed);
        std::string le = i < Histogram::kBounds.size() ? number(Histogram::kBounds[i]) : "+Inf";
        out += name + "_bucket" + with_label(labels, "le=\"" + le + "\"") + " " + std::to_string(cumulative) + "\n";
      }
      out += name + "_sum" + labels + " " + number(static_cast<double>(h->sum_micros_.load()) / 1e6) + "\n";
      out += name + "_count" + labels + " " + std::to_string(h->count()) + "\n";
    }
  }
  // Peaks are their own gauges so that scrapers see them as such.
  for (const auto& [name, fam] : families_) {
    if (fam.kind != Kind::kGauge) continue;
    out += "# HELP " + name + "_peak Highest value of " + name + " since start\n# TYPE " + name + "_peak gauge\n";
    for (const auto& [labels, g] : fam.gauges)
      out += name + "_peak" + labels + " " + std::to_string(g->peak()) + "\n";
  }
  return out;
}

Registry& Registry::global() {
  static Registry registry;
  return registry;
}

}  // namespace hub::metrics
