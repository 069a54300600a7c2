#pragma once
// Publishes "cached decisions are stale" (common/auth/invalidation.hpp) after a change commits.
// Best effort by design: if Redis cannot take the message, no gateway is subscribed either (they
// share that Redis), and a gateway without its subscription caches nothing.
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "common/redis/redis.hpp"

namespace hub::auth_service {

class Invalidator {
 public:
  explicit Invalidator(std::string redis_url) : url_(std::move(redis_url)) {}
  // `what` names the change for the log (a token id, "membership", ...).
  void publish(std::string_view what);

 private:
  std::string url_;
  std::mutex mutex_;
  std::unique_ptr<redis::Connection> conn_;
};

}  // namespace hub::auth_service
