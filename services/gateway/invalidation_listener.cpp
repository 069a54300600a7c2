#include "services/gateway/invalidation_listener.hpp"

#include "common/log/log.hpp"
#include "common/redis/keys.hpp"
#include "common/redis/redis.hpp"

namespace hub::gateway {

void InvalidationListener::start() {
  loop_.start([this] {
    while (!loop_.stopping()) {
      try {
        listen_once();
      } catch (const std::exception& e) {
        log::warn("invalidation feed lost; caller cache off until it is back", {{"error", e.what()}});
      }
      cache_->set_enabled(false);
      if (!loop_.sleep_for(std::chrono::milliseconds(500))) return;
    }
  });
}

void InvalidationListener::listen_once() {
  auto url = redis::parse_url(url_);
  if (!url) throw std::runtime_error(url.error());
  auto conn = redis::Connection::open(url.value(), std::chrono::seconds(2));
  auto confirmed = conn->command({"SUBSCRIBE", redis::keys::kAuthInvalidationChannel});
  if (confirmed.is_error()) throw std::runtime_error("SUBSCRIBE refused");
  // Anything cached before now may predate a message this subscription never saw.
  cache_->clear();
  cache_->set_enabled(true);
  log::info("invalidation feed subscribed");
  while (!loop_.stopping()) {
    auto message = conn->wait_reply(std::chrono::milliseconds(500));
    if (!message) continue;
    // ["message", channel, payload]
    std::string_view payload =
        message->is_array() && message->size() == 3 ? redis::element_str(message->element(2)) : std::string_view();
    if (payload.starts_with(redis::keys::kInvalidateUserPrefix)) {
      cache_->forget_user(payload.substr(redis::keys::kInvalidateUserPrefix.size()));
    } else {
      cache_->clear();
    }
  }
}

}  // namespace hub::gateway
