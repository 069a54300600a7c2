// The caller cache, and the metrics that show how often it spares a question to auth.
#include "services/gateway/caller_cache.hpp"

#include "common/metrics/metrics.hpp"

namespace hub::gateway {

namespace {

metrics::Counter& cache_hits() {
  static metrics::Counter& c = metrics::Registry::global().counter(
      "hub_gateway_caller_cache_hits_total", "Requests whose credentials were resolved from the caller cache");
  return c;
}

metrics::Gauge& feed_up() {
  static metrics::Gauge& g = metrics::Registry::global().gauge(
      "hub_gateway_invalidation_feed_up", "1 while subscribed to auth's invalidations (the caller cache is on)");
  return g;
}

}  // namespace

std::optional<Caller> CallerCache::get(const std::string& digest) {
  bool refresh = false;
  return get(digest, refresh);
}

std::optional<Caller> CallerCache::get(const std::string& digest, bool& refresh) {
  refresh = false;
  std::lock_guard lock(mutex_);
  if (!enabled_) return std::nullopt;
  auto it = entries_.find(digest);
  if (it == entries_.end()) return std::nullopt;
  const auto now = std::chrono::steady_clock::now();
  if (it->second.expires <= now) {
    entries_.erase(it);
    return std::nullopt;
  }
  if (!it->second.refreshing && it->second.refresh_after <= now) {
    it->second.refreshing = true;
    refresh = true;
  }
  cache_hits().inc();
  return it->second.caller;
}

std::uint64_t CallerCache::generation() {
  std::lock_guard lock(mutex_);
  return generation_;
}

void CallerCache::put(const std::string& digest, const Caller& caller, std::optional<std::uint64_t> asked_at) {
  std::lock_guard lock(mutex_);
  if (!enabled_) return;
  if (asked_at && *asked_at != generation_) {
    // Asked before something was forgotten: the answer may be the forgotten one. Dropped; an
    // entry kept meanwhile may be refreshed again.
    auto it = entries_.find(digest);
    if (it != entries_.end()) it->second.refreshing = false;
    return;
  }
  if (entries_.size() >= config_.max_entries) entries_.clear();  // bounded; a refill costs one lookup each
  const auto now = std::chrono::steady_clock::now();
  entries_[digest] = Entry{caller, now + config_.ttl, now + config_.ttl / 2, false};
}

void CallerCache::refresh_failed(const std::string& digest) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(digest);
  if (it != entries_.end()) it->second.refreshing = false;
}

void CallerCache::clear() {
  std::lock_guard lock(mutex_);
  ++generation_;
  entries_.clear();
}

void CallerCache::forget_user(std::string_view user_id) {
  std::lock_guard lock(mutex_);
  ++generation_;
  std::erase_if(entries_, [&](const auto& entry) { return entry.second.caller.identity.user_id == user_id; });
}

void CallerCache::set_enabled(bool on) {
  std::lock_guard lock(mutex_);
  enabled_ = on;
  feed_up().set(on ? 1 : 0);
  if (!on) {
    ++generation_;
    entries_.clear();
  }
}

}  // namespace hub::gateway
