#pragma once
// Webhooks and their deliveries as stored and as answers show them: plain records the store fills,
// app/ works with and the API renders.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hub::notifications {

// Who owns a hook: a user, or an org (managed by its admins).
struct HookOwner {
  std::string kind;  // user, org
  std::string id;
  std::string name;
};

struct StoredWatch {
  std::string type;        // user, org, model, dataset, space
  std::string name;        // the namespace, or namespace/name (kept current through moves)
  std::string namespace_;  // users and orgs: the name in lower case
  std::string repo_id;     // repos
};

struct HookRow {
  std::string id;
  HookOwner owner;
  std::string url;
  std::string domains_json;  // a JSON array of names
  std::optional<std::string> secret_sealed;
  std::optional<int> daily_cap;
  bool disabled = false;
  std::string disabled_reason;  // owner, failing; "" when enabled
  std::string created_at;       // RFC 3339
  std::string updated_at;
  std::vector<StoredWatch> watched;
};

// A delivery as the log shows it.
struct DeliveryRow {
  std::string id;
  std::optional<std::string> event_id;
  std::string event_type;
  std::string scope;
  std::string action;
  std::optional<std::string> repo_type;
  std::optional<std::string> repo_name;
  std::optional<std::string> payload;
  std::string state;
  int attempts = 0;
  std::optional<std::string> next_attempt_at;  // pending only
  std::optional<std::string> deferred_until;
  std::optional<std::string> note;
  std::string created_at;
  std::int64_t created_us = 0;  // the cursor's position
};

// Where a page of the log ends: the last delivery's creation (microseconds) and id.
struct LogPosition {
  std::int64_t created_us = 0;
  std::string id;
};

struct AttemptRow {
  int attempt = 0;
  std::string started_at;
  std::int64_t duration_ms = 0;
  std::string request_headers;
  std::optional<int> status;
  std::optional<std::string> response_head;
  std::optional<std::string> error;
  bool refused = false;
  std::optional<std::string> address;
};

}  // namespace hub::notifications
