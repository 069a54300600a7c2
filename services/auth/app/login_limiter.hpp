#pragma once
// Failed logins per key (an account, a client address) within a sliding window, counted in Redis so
// that every auth replica sees the same failures; a key over the limit waits until its oldest
// failure leaves the window. While Redis cannot be reached, each replica counts on its own.
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/redis/best_effort.hpp"

namespace hub::auth {

class LoginLimiter {
 public:
  static constexpr int kMaxFailures = 10;
  static constexpr std::chrono::seconds kWindow{300};

  explicit LoginLimiter(const std::string& redis_url);

  // Seconds to wait before trying again, or 0.
  std::int64_t retry_after(const std::string& key);
  void failed(const std::string& key);
  void succeeded(const std::string& key);

 private:
  using Clock = std::chrono::steady_clock;
  std::deque<Clock::time_point>& prune_local(const std::string& key);

  redis::BestEffort redis_;  // nullopt from it: the local counts apply
  std::mutex mutex_;         // for local_
  std::unordered_map<std::string, std::deque<Clock::time_point>> local_;
};

}  // namespace hub::auth
