#pragma once
// Keeps the gateway's caller cache honest: subscribed to auth's invalidation channel, it clears the
// cache on every message; while it is not subscribed (Redis unreachable, reconnecting) the cache is
// off, so no decision is served that a missed message might have changed.
#include <memory>
#include <string>

#include "common/work/background.hpp"
#include "services/gateway/caller_cache.hpp"

namespace hub::gateway {

class InvalidationListener {
 public:
  InvalidationListener(std::string redis_url, std::shared_ptr<CallerCache> cache)
      : url_(std::move(redis_url)), cache_(std::move(cache)) {}
  ~InvalidationListener() { loop_.stop(); }
  InvalidationListener(const InvalidationListener&) = delete;
  InvalidationListener& operator=(const InvalidationListener&) = delete;
  void start();

 private:
  void listen_once();
  std::string url_;
  std::shared_ptr<CallerCache> cache_;
  work::Background loop_;
};

}  // namespace hub::gateway
