// Counts kept in memory for one window at a time, bounded.
#include "services/gateway/filters/local_counter.hpp"

namespace hub::gateway {

std::int64_t LocalCounter::increment(const std::string& key, std::int64_t window_index) {
  std::lock_guard lock(mutex_);
  if (window_index != window_index_ || counts_.size() >= max_keys_) {
    counts_.clear();
    window_index_ = window_index;
  }
  return ++counts_[key];
}

}  // namespace hub::gateway
