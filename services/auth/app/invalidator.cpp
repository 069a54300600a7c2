// Publishing on the invalidation channel, reconnecting once when the connection broke.
#include "services/auth/app/invalidator.hpp"

#include "common/log/log.hpp"
#include "common/redis/keys.hpp"

namespace hub::auth {

void Invalidator::user_changed(std::string_view user_id) {
  publish(std::string(redis::keys::kInvalidateUserPrefix) + std::string(user_id));
}

void Invalidator::everything_changed() {
  publish("all");
}

void Invalidator::publish(std::string_view what) {
  std::lock_guard lock(mutex_);
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      if (!conn_ || conn_->broken()) {
        conn_.reset();
        auto url = redis::parse_url(url_);
        if (!url) return;
        conn_ = redis::Connection::open(url.value(), std::chrono::seconds(2));
      }
      auto reply = conn_->command({"PUBLISH", redis::keys::kAuthInvalidationChannel, what});
      if (!reply.is_error()) return;
    } catch (const redis::RedisError& e) {
      conn_.reset();
      if (attempt == 1) log::warn("invalidation not published", {{"error", e.what()}});
    }
  }
}

}  // namespace hub::auth
