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
  // --- live streams ---
  c.live_heartbeat = reader.millis("HUB_LIVE_HEARTBEAT", std::chrono::seconds(15));
  if (c.live_heartbeat < std::chrono::milliseconds(100) || c.live_heartbeat > std::chrono::minutes(10)) {
    reader.problem("HUB_LIVE_HEARTBEAT", "must be between 100ms and 10m");
  }
  c.live_ticket_ttl = reader.millis("HUB_LIVE_TICKET_TTL", std::chrono::seconds(60));
  if (c.live_ticket_ttl < std::chrono::seconds(1) || c.live_ticket_ttl > std::chrono::minutes(10)) {
    reader.problem("HUB_LIVE_TICKET_TTL", "must be between 1s and 10m");
  }
  c.live_streams_per_user = static_cast<std::size_t>(reader.integer("HUB_LIVE_STREAMS_PER_USER", 20, 1, 1000));
  c.live_read_check_ttl = reader.millis("HUB_LIVE_READ_CHECK_TTL", std::chrono::seconds(5));
  if (c.live_read_check_ttl > std::chrono::minutes(1)) reader.problem("HUB_LIVE_READ_CHECK_TTL", "must be 1m at most");
  return c;
}

}  // namespace hub::notifications
