#pragma once
// The notifications service's configuration: read once at start (config::Reader, with the common settings),
// immutable afterwards. Every default is written here and nowhere else. (The public URL the
// answers carry is a common setting: ctx.settings.public_url.)
#include <chrono>
#include <string>
#include <cstddef>
#include <vector>

#include "common/config/config.hpp"
#include "common/crypto/secretbox.hpp"
#include "common/service/settings.hpp"

namespace hub::notifications {

struct NotificationsConfig {
  std::vector<config::HostPort>
      auth_addresses;  // HUB_AUTH_URL: who may still read a repo, at delivery and at read time
  // --- the inbox ---
  std::chrono::milliseconds inbox_fanout_interval;  // HUB_INBOX_FANOUT_INTERVAL: a fan-out pass at least this often
  std::size_t inbox_fanout_batch;                   // HUB_INBOX_FANOUT_BATCH: pending notices claimed per pass
  std::chrono::milliseconds inbox_claim_lease;      // HUB_INBOX_CLAIM_LEASE: then another replica retries a claim
  std::chrono::milliseconds inbox_retry_max;        // HUB_INBOX_RETRY_MAX: the longest wait between two tries
  // --- live streams ---
  // HUB_LIVE_HEARTBEAT: how often an idle stream sends a heartbeat (an SSE comment, a WebSocket
  // ping), and how often each replica catches its streams up from the database.
  std::chrono::milliseconds live_heartbeat{};
  std::chrono::milliseconds live_ticket_ttl{};  // HUB_LIVE_TICKET_TTL: a browser's stream ticket lives this long
  std::size_t live_streams_per_user = 0;        // HUB_LIVE_STREAMS_PER_USER: open streams of one user per replica
  // HUB_LIVE_READ_CHECK_TTL: how long a replica trusts auth's answer that a user may read a repo
  // before a live item of it goes out (a stream's first catch-up always asks afresh).
  std::chrono::milliseconds live_read_check_ttl{};
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
