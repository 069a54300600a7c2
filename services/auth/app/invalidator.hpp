#pragma once
// Publishes "cached decisions are stale" (common/redis/keys.hpp) after a change commits.
// Best effort by design: if Redis cannot take the message, no gateway is subscribed either (they
// share that Redis), and a gateway without its subscription caches nothing. Called after the change
// commits, never inside its transaction: the database is the source of truth, this is a live signal,
// and a gateway's cached decision also expires by its TTL.
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "common/redis/redis.hpp"

namespace hub::auth {

class Invalidator {
 public:
  explicit Invalidator(std::string redis_url) : url_(std::move(redis_url)) {}
  // Decisions about this user are stale.
  void user_changed(std::string_view user_id);
  // Every decision is stale (org roles, memberships, groups, visibility).
  void everything_changed();

 private:
  void publish(std::string_view message);

  std::string url_;
  std::mutex mutex_;
  std::unique_ptr<redis::Connection> conn_;
};

}  // namespace hub::auth
