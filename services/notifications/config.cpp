#include "services/notifications/config.hpp"

namespace hub::notifications {
namespace {

constexpr std::string_view kSecretsContext = "webhook-secrets";

std::vector<crypto::SecretKey> webhook_secret_keys(config::Reader& reader, const service::Settings& settings) {
  const std::string configured = reader.string("HUB_WEBHOOK_SECRET_KEYS", "");
  if (!configured.empty()) {
    auto keys = crypto::parse_secret_keys(configured);
    if (keys) return std::move(keys).value();
    reader.problem("HUB_WEBHOOK_SECRET_KEYS", keys.error());
    return {};
  }
  // Derived: the current secret seals; the previous one, during a rotation, still opens.
  std::vector<crypto::SecretKey> keys;
  if (settings.internal_secret.empty()) return keys;  // already reported by the common settings
  keys.push_back(crypto::derive_secret_key(settings.internal_secret, kSecretsContext));
  if (!settings.internal_secret_previous.empty()) {
    keys.push_back(crypto::derive_secret_key(settings.internal_secret_previous, kSecretsContext));
  }
  return keys;
}

}  // namespace

NotificationsConfig load_config(config::Reader& reader, const service::Settings& settings) {
  NotificationsConfig c;
  c.auth_addresses = reader.addresses("HUB_AUTH_URL", "127.0.0.1:8081");
  // --- webhooks ---
  c.webhook_retry_schedule = reader.millis_list("HUB_WEBHOOK_RETRY_SCHEDULE", "5s,5m,30m,2h,5h,10h,10h");
  c.webhook_disable_after = reader.millis("HUB_WEBHOOK_DISABLE_AFTER", std::chrono::hours(5 * 24));
  c.webhook_daily_cap = static_cast<int>(reader.integer("HUB_WEBHOOK_DAILY_CAP", 1000, 1, 1000000));
  c.webhook_cap_window = reader.millis("HUB_WEBHOOK_CAP_WINDOW", std::chrono::hours(24));
  c.webhook_allow_private = reader.boolean("HUB_WEBHOOK_ALLOW_PRIVATE", false);
  c.webhook_log_retention =
      reader.millis("HUB_WEBHOOK_LOG_RETENTION", std::chrono::hours(14 * 24), std::chrono::hours(365 * 24));
  c.webhook_in_flight_per_hook = static_cast<int>(reader.integer("HUB_WEBHOOK_IN_FLIGHT_PER_HOOK", 16, 1, 64));
  c.webhook_secret_keys = webhook_secret_keys(reader, settings);
  for (const auto& [name, value] : {std::pair{"HUB_WEBHOOK_CAP_WINDOW", c.webhook_cap_window},
                                    std::pair{"HUB_WEBHOOK_DISABLE_AFTER", c.webhook_disable_after}}) {
    if (value < std::chrono::seconds(1)) reader.problem(name, "is at least 1s");
  }
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
