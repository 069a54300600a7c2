#pragma once
// The notifications service's configuration: read once at start (config::Reader, with the common settings),
// immutable afterwards. Every default is written here and nowhere else. (The public URL the
// answers carry is a common setting: ctx.settings.public_url.)
#include <chrono>
#include <string>
#include <vector>

#include "common/config/config.hpp"
#include "common/crypto/secretbox.hpp"
#include "common/service/settings.hpp"

namespace hub::notifications {

struct NotificationsConfig {
  std::vector<config::HostPort>
      auth_addresses;  // HUB_AUTH_URL: who may still read a repo, at delivery and at read time
  // --- the inbox ---
  // --- live streams ---
  // --- webhooks --- (docs/webhooks.md, "Configuration")
  // HUB_WEBHOOK_RETRY_SCHEDULE: the waits after each failed attempt; when spent, the delivery fails.
  std::vector<std::chrono::milliseconds> webhook_retry_schedule;
  std::chrono::milliseconds webhook_timeout{10000};  // each attempt's deadline (not configurable: 10 s)
  // HUB_WEBHOOK_DISABLE_AFTER: a hook failing for this long (no success between) is disabled.
  std::chrono::milliseconds webhook_disable_after{};
  int webhook_daily_cap = 0;                          // HUB_WEBHOOK_DAILY_CAP: deliveries per hook and window
  std::chrono::milliseconds webhook_cap_window{};     // HUB_WEBHOOK_CAP_WINDOW: the cap's rolling window
  bool webhook_allow_private = false;                 // HUB_WEBHOOK_ALLOW_PRIVATE: loopback and private targets
  std::chrono::milliseconds webhook_log_retention{};  // HUB_WEBHOOK_LOG_RETENTION: deliveries and attempts kept
  int webhook_in_flight_per_hook = 0;                 // HUB_WEBHOOK_IN_FLIGHT_PER_HOOK: one slow receiver's share
  // HUB_WEBHOOK_SECRET_KEYS ("id:<base64 32 bytes>,…", the sealing key first), or else keys derived
  // from HUB_INTERNAL_SECRET (and its previous value): what seals the hooks' secrets at rest.
  std::vector<crypto::SecretKey> webhook_secret_keys;
};

NotificationsConfig load_config(config::Reader& reader, const service::Settings& settings);

}  // namespace hub::notifications
