#pragma once
// notifications.webhook_deliveries and webhook_attempts: one delivery per hook and event (or test
// ping) with a stable id, claimed by senders with a lease, and the log of every attempt. SQL only,
// in the caller's transaction.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/notifications/store/webhook_store.hpp"

namespace hub::notifications {

struct NewDelivery {
  std::string id;
  std::string webhook_id;
  std::optional<std::string> event_id;  // none for a test ping
  std::string event_type;
  std::string scope;
  std::string action;
  std::optional<std::string> repo_id;
  std::optional<std::string> repo_type;
  std::optional<std::string> repo_name;
  std::string payload;
};
// false when the hook has a delivery of that event already (a replayed event), or one with that id.
bool insert_delivery(pqxx::work& tx, const NewDelivery& d);

// A due delivery, with what sending it needs of its hook.
struct DueDelivery {
  std::string id;
  std::string webhook_id;
  std::string event_type;
  std::optional<std::string> repo_id;
  std::optional<std::string> repo_type;
  std::optional<std::string> repo_name;
  std::string payload;
  int run_attempts = 0;
  bool counted = false;  // its first attempt counts towards the cap already
  HookOwner owner;
  std::string url;
  std::optional<std::string> secret_sealed;
  std::optional<int> daily_cap;
};
// Due deliveries of enabled hooks, at most `per_hook` of any one hook and none of `busy_hooks`
// (those this process has enough of in flight), oldest due first, now held for `lease`.
std::vector<DueDelivery> claim_due_deliveries(pqxx::work& tx, std::size_t limit, std::size_t per_hook,
                                              const std::vector<std::string>& busy_hooks,
                                              std::chrono::milliseconds lease);
// Lets a claimed delivery go without an attempt: due again after `delay`.
void release_delivery(pqxx::work& tx, const std::string& id, std::chrono::milliseconds delay, const std::string& note);
// Never sent: its hook's owner can no longer read its repo. The payload is dropped with it.
void withhold_delivery(pqxx::work& tx, const std::string& id, const std::string& note);

// The daily cap, decided with the hook's row locked (so two senders cannot both take the last slot):
// how many first attempts of the hook's deliveries fall in the last `window` (counted up to `cap`, by
// buckets of cap_bucket_ms(window)), and when the window is full, when the bucket holding the oldest
// of the newest `cap` ends (unix ms).
void lock_hook_row(pqxx::work& tx, const std::string& webhook_id);
struct CapUse {
  int used = 0;
  std::optional<std::int64_t> oldest_ms;
};
CapUse cap_use(pqxx::work& tx, const std::string& webhook_id, std::chrono::milliseconds window, int cap);
// The delivery's first attempt starts now: it counts towards its hook's cap.
void mark_counted(pqxx::work& tx, const std::string& id, const std::string& webhook_id,
                  std::chrono::milliseconds window);
// Buckets that left the window.
std::size_t prune_cap_counts(pqxx::work& tx, std::chrono::milliseconds window);
void defer_delivery(pqxx::work& tx, const std::string& id, std::int64_t until_ms);

// One attempt's record and the delivery's next state: succeeded; pending again after `retry_in`;
// or failed. Returns the attempt's number (1, 2, … across redeliveries).
struct AttemptRecord {
  std::string delivery_id;
  std::int64_t started_ms = 0;  // unix milliseconds
  std::int64_t duration_ms = 0;
  std::string request_headers;  // JSON, redacted
  std::optional<int> status;
  std::string response_head;
  std::string error;
  bool refused = false;
  std::string address;
};
struct NextState {
  std::string state;  // succeeded, pending, failed
  std::optional<std::chrono::milliseconds> retry_in;
  std::string note;
};
int record_attempt(pqxx::work& tx, const AttemptRecord& attempt, const NextState& next);

// The delivery log (GET …/deliveries): newest first, after the cursor's (created, id).
std::vector<DeliveryRow> list_deliveries(pqxx::transaction_base& tx, const std::string& webhook_id,
                                         const std::optional<LogPosition>& after, std::size_t limit);
std::optional<DeliveryRow> find_delivery(pqxx::transaction_base& tx, const std::string& webhook_id,
                                         const std::string& delivery_id);

// Each delivery's attempts, oldest first.
std::map<std::string, std::vector<AttemptRow>> attempts_of(pqxx::transaction_base& tx,
                                                           const std::vector<std::string>& delivery_ids);

// Due now again with a fresh run of the retry schedule; false when the hook has no such delivery, it
// was withheld, or the last redelivery had this (non-empty) Idempotency-Key.
bool redeliver(pqxx::work& tx, const std::string& webhook_id, const std::string& delivery_id,
               const std::string& idempotency_key);

// The delivery log's retention: attempts started before it, and deliveries finished before it.
struct Pruned {
  std::int64_t attempts = 0;
  std::int64_t deliveries = 0;
};
Pruned prune_delivery_log(pqxx::work& tx, std::chrono::milliseconds retention);

}  // namespace hub::notifications
