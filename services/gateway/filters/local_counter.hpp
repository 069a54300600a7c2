#pragma once
// One replica's own counts per key in the current window, for while Redis is away: the rate limits
// and the refusal limit keep counting (less strictly) instead of giving up.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace hub::gateway {

// Safe between threads.
class LocalCounter {
 public:
  explicit LocalCounter(std::size_t max_keys = 100000) : max_keys_(max_keys) {}
  std::int64_t increment(const std::string& key, std::int64_t window_index);

 private:
  std::mutex mutex_;
  std::size_t max_keys_;
  std::int64_t window_index_ = -1;
  std::unordered_map<std::string, std::int64_t> counts_;
};

}  // namespace hub::gateway
