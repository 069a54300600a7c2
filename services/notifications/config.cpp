#include "services/notifications/config.hpp"

namespace hub::notifications {

NotificationsConfig load_config(config::Reader& reader, const service::Settings& /*settings*/) {
  NotificationsConfig c;
  c.auth_addresses = reader.addresses("HUB_AUTH_URL", "127.0.0.1:8081");
  // --- the inbox ---
  c.inbox_fanout_interval = reader.millis("HUB_INBOX_FANOUT_INTERVAL", std::chrono::seconds(1));
  c.inbox_fanout_batch = static_cast<std::size_t>(reader.integer("HUB_INBOX_FANOUT_BATCH", 100, 1, 1000));
  c.inbox_claim_lease = reader.millis("HUB_INBOX_CLAIM_LEASE", std::chrono::seconds(30));
  c.inbox_retry_max = reader.millis("HUB_INBOX_RETRY_MAX", std::chrono::seconds(60));
  return c;
}

}  // namespace hub::notifications
