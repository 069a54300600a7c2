#include "services/notifications/store/delivery_store.hpp"

#include <algorithm>

#include "common/db/prepared.hpp"
#include "services/notifications/domain/delivery_rules.hpp"
#include "services/notifications/store/id_list.hpp"

namespace hub::notifications {
namespace {

constexpr const char* kInsertDelivery =
    "INSERT INTO notifications.webhook_deliveries (id, webhook_id, event_id, event_type, scope, action, repo_id, "
    "repo_type, repo_name, payload) VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7::uuid, $8, $9, $10) "
    "ON CONFLICT DO NOTHING";

// The window picks at most $3 due deliveries of each hook; the outer select locks them, skipping
// those another sender holds, and re-checks that they are still due once locked.
// For each enabled hook not busy here, its first few due deliveries by the per-hook index
// (140_deliveries_due_per_hook.sql); then the oldest due of those, across hooks.
constexpr const char* kClaimDue =
    "UPDATE notifications.webhook_deliveries d SET lease_until = now() + $2::bigint * interval '1 millisecond' "
    "FROM (SELECT id FROM notifications.webhook_deliveries "
    "      WHERE id IN (SELECT c.id FROM notifications.webhooks h2 "
    "                   CROSS JOIN LATERAL (SELECT d2.id, d2.next_attempt_at "
    "                     FROM notifications.webhook_deliveries d2 "
    "                     WHERE d2.webhook_id = h2.id AND d2.state = 'pending' AND d2.next_attempt_at <= now() "
    "                       AND (d2.lease_until IS NULL OR d2.lease_until < now()) "
    "                     ORDER BY d2.next_attempt_at LIMIT $3) c "
    "                   WHERE NOT h2.disabled AND h2.id <> ALL(string_to_array($4, ',')::uuid[]) "
    "                   ORDER BY c.next_attempt_at LIMIT $1) "
    "        AND state = 'pending' AND (lease_until IS NULL OR lease_until < now()) "
    "      FOR UPDATE SKIP LOCKED) due, notifications.webhooks h "
    "WHERE d.id = due.id AND h.id = d.webhook_id "
    "RETURNING d.id::text, d.webhook_id::text, d.event_type, d.repo_id::text, d.repo_type, d.repo_name, "
    "  coalesce(d.payload, ''), d.run_attempts, d.first_attempt_at IS NOT NULL, h.owner_kind, h.owner_id::text, "
    "  h.owner_name, h.url, h.secret_sealed, h.daily_cap";

constexpr const char* kRelease =
    "UPDATE notifications.webhook_deliveries SET lease_until = NULL, "
    "next_attempt_at = now() + $2::bigint * interval '1 millisecond', note = NULLIF($3, ''), updated_at = now() "
    "WHERE id = $1::uuid";
constexpr const char* kWithhold =
    "UPDATE notifications.webhook_deliveries SET state = 'withheld', payload = NULL, lease_until = NULL, note = $2, "
    "updated_at = now() WHERE id = $1::uuid";
// Serialises the senders' cap counting per hook. NO KEY UPDATE, not UPDATE: the matcher's inserts
// of deliveries take KEY SHARE on the hook (their foreign key), which UPDATE would make wait for the
// sender's whole transaction.
constexpr const char* kLockHook = "SELECT 1 FROM notifications.webhooks WHERE id = $1::uuid FOR NO KEY UPDATE";
// The daily cap's buckets (150_webhook_cap_counts.sql): $2 the window, $3 a bucket's width (ms). A
// bucket counts while any of it is inside the window.
constexpr const char* kCapUsed =
    "SELECT coalesce(sum(n), 0)::bigint FROM notifications.webhook_cap_counts WHERE webhook_id = $1::uuid "
    "AND bucket >= floor((extract(epoch FROM now()) * 1000 - $2::bigint) / $3::bigint)::bigint";
constexpr const char* kCapBuckets =
    "SELECT bucket, n FROM notifications.webhook_cap_counts WHERE webhook_id = $1::uuid "
    "AND bucket >= floor((extract(epoch FROM now()) * 1000 - $2::bigint) / $3::bigint)::bigint ORDER BY bucket DESC";
constexpr const char* kCountFirstAttempt =
    "INSERT INTO notifications.webhook_cap_counts (webhook_id, bucket, n) "
    "VALUES ($1::uuid, floor(extract(epoch FROM now()) * 1000 / $2::bigint)::bigint, 1) "
    "ON CONFLICT (webhook_id, bucket) DO UPDATE SET n = notifications.webhook_cap_counts.n + 1";
constexpr const char* kPruneCapCounts =
    "DELETE FROM notifications.webhook_cap_counts "
    "WHERE bucket < floor((extract(epoch FROM now()) * 1000 - $1::bigint) / $2::bigint)::bigint - 1";
constexpr const char* kMarkCounted =
    "UPDATE notifications.webhook_deliveries SET first_attempt_at = now() WHERE id = $1::uuid";
constexpr const char* kDefer =
    "UPDATE notifications.webhook_deliveries SET next_attempt_at = to_timestamp($2::bigint / 1000.0), "
    "deferred_until = to_timestamp($2::bigint / 1000.0), lease_until = NULL, "
    "note = 'deferred: the hook reached its daily cap', updated_at = now() WHERE id = $1::uuid";

constexpr const char* kFinishAttempt =
    "UPDATE notifications.webhook_deliveries SET attempts = attempts + 1, run_attempts = run_attempts + 1, "
    "state = $2, next_attempt_at = CASE WHEN $3::bigint IS NULL THEN next_attempt_at "
    "  ELSE now() + $3::bigint * interval '1 millisecond' END, "
    "lease_until = NULL, note = NULLIF($4, ''), updated_at = now() WHERE id = $1::uuid RETURNING attempts";
constexpr const char* kInsertAttempt =
    "INSERT INTO notifications.webhook_attempts (delivery_id, attempt, started_at, duration_ms, request_headers, "
    "status, response_head, error, refused, address) VALUES ($1::uuid, $2, to_timestamp($3::bigint / 1000.0), $4, $5, "
    "$6, NULLIF($7, ''), NULLIF($8, ''), $9, NULLIF($10, ''))";

constexpr const char* kDeliveryColumns =
    "id::text, event_id::text, event_type, scope, action, repo_type, repo_name, payload, state, attempts, "
    "CASE WHEN state = 'pending' THEN to_char(next_attempt_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') "
    "END, "
    "to_char(deferred_until AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
    "note, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
    "(extract(epoch FROM created_at) * 1000000)::bigint";
constexpr const char* kAttemptsOf =
    "SELECT delivery_id::text, attempt, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
    "duration_ms, request_headers, status, "
    "response_head, error, refused, address FROM notifications.webhook_attempts "
    "WHERE delivery_id = ANY(string_to_array($1, ',')::uuid[]) ORDER BY delivery_id, attempt";
// A redelivery under the Idempotency-Key of the last one is that one again: nothing changes.
constexpr const char* kRedeliver =
    "UPDATE notifications.webhook_deliveries SET state = 'pending', run_attempts = 0, next_attempt_at = now(), "
    "lease_until = NULL, note = NULL, redelivery_key = NULLIF($3, ''), updated_at = now() "
    "WHERE id = $1::uuid AND webhook_id = $2::uuid AND state <> 'withheld' "
    "AND ($3 = '' OR redelivery_key IS DISTINCT FROM $3)";
constexpr const char* kPruneAttempts =
    "DELETE FROM notifications.webhook_attempts WHERE started_at < now() - $1::bigint * interval '1 millisecond'";
constexpr const char* kPruneDeliveries =
    "DELETE FROM notifications.webhook_deliveries WHERE state <> 'pending' "
    "AND updated_at < now() - $1::bigint * interval '1 millisecond'";

std::optional<std::string> optional_text(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<std::string>();
}

DeliveryRow delivery_from(const pqxx::row& r) {
  DeliveryRow d;
  d.id = r[0].as<std::string>();
  d.event_id = optional_text(r[1]);
  d.event_type = r[2].as<std::string>();
  d.scope = r[3].as<std::string>();
  d.action = r[4].as<std::string>();
  d.repo_type = optional_text(r[5]);
  d.repo_name = optional_text(r[6]);
  d.payload = optional_text(r[7]);
  d.state = r[8].as<std::string>();
  d.attempts = r[9].as<int>();
  d.next_attempt_at = optional_text(r[10]);
  d.deferred_until = optional_text(r[11]);
  d.note = optional_text(r[12]);
  d.created_at = r[13].as<std::string>();
  d.created_us = r[14].as<std::int64_t>();
  return d;
}

}  // namespace

bool insert_delivery(pqxx::work& tx, const NewDelivery& d) {
  return db::exec_statement(tx, kInsertDelivery, d.id, d.webhook_id, d.event_id, d.event_type, d.scope, d.action,
                            d.repo_id, d.repo_type, d.repo_name, d.payload)
             .affected_rows() > 0;
}

std::vector<DueDelivery> claim_due_deliveries(pqxx::work& tx, std::size_t limit, std::size_t per_hook,
                                              const std::vector<std::string>& busy_hooks,
                                              std::chrono::milliseconds lease) {
  std::vector<DueDelivery> out;
  for (const auto& r :
       db::exec_statement(tx, kClaimDue, static_cast<std::int64_t>(limit), static_cast<std::int64_t>(lease.count()),
                          static_cast<std::int64_t>(per_hook), id_list(busy_hooks))) {
    DueDelivery d;
    d.id = r[0].as<std::string>();
    d.webhook_id = r[1].as<std::string>();
    d.event_type = r[2].as<std::string>();
    d.repo_id = optional_text(r[3]);
    d.repo_type = optional_text(r[4]);
    d.repo_name = optional_text(r[5]);
    d.payload = r[6].as<std::string>();
    d.run_attempts = r[7].as<int>();
    d.counted = r[8].as<bool>();
    d.owner = HookOwner{r[9].as<std::string>(), r[10].as<std::string>(), r[11].as<std::string>()};
    d.url = r[12].as<std::string>();
    d.secret_sealed = optional_text(r[13]);
    if (!r[14].is_null()) d.daily_cap = r[14].as<int>();
    out.push_back(std::move(d));
  }
  return out;
}

void release_delivery(pqxx::work& tx, const std::string& id, std::chrono::milliseconds delay, const std::string& note) {
  db::exec_statement(tx, kRelease, id, static_cast<std::int64_t>(delay.count()), note);
}

void withhold_delivery(pqxx::work& tx, const std::string& id, const std::string& note) {
  db::exec_statement(tx, kWithhold, id, note);
}

void lock_hook_row(pqxx::work& tx, const std::string& webhook_id) {
  db::exec_statement(tx, kLockHook, webhook_id);
}

CapUse cap_use(pqxx::work& tx, const std::string& webhook_id, std::chrono::milliseconds window, int cap) {
  const auto window_ms = static_cast<std::int64_t>(window.count());
  const std::int64_t width = cap_bucket_ms(window).count();
  CapUse use;
  const auto used = db::exec_statement(tx, kCapUsed, webhook_id, window_ms, width)[0][0].as<std::int64_t>();
  use.used = static_cast<int>(std::min<std::int64_t>(used, cap));
  if (used < cap) return use;
  // Full: the bucket holding the oldest of the newest `cap`; it leaves the window with its end.
  std::int64_t seen = 0;
  for (const auto& r : db::exec_statement(tx, kCapBuckets, webhook_id, window_ms, width)) {
    seen += r[1].as<std::int64_t>();
    if (seen >= cap) {
      use.oldest_ms = (r[0].as<std::int64_t>() + 1) * width;
      break;
    }
  }
  return use;
}

void mark_counted(pqxx::work& tx, const std::string& id, const std::string& webhook_id,
                  std::chrono::milliseconds window) {
  db::exec_statement(tx, kMarkCounted, id);
  db::exec_statement(tx, kCountFirstAttempt, webhook_id, cap_bucket_ms(window).count());
}

std::size_t prune_cap_counts(pqxx::work& tx, std::chrono::milliseconds window) {
  return db::exec_statement(tx, kPruneCapCounts, static_cast<std::int64_t>(window.count()),
                            cap_bucket_ms(window).count())
      .affected_rows();
}

void defer_delivery(pqxx::work& tx, const std::string& id, std::int64_t until_ms) {
  db::exec_statement(tx, kDefer, id, until_ms);
}

int record_attempt(pqxx::work& tx, const AttemptRecord& a, const NextState& next) {
  std::optional<std::int64_t> retry_ms;
  if (next.retry_in) retry_ms = next.retry_in->count();
  const pqxx::result r = db::exec_statement(tx, kFinishAttempt, a.delivery_id, next.state, retry_ms, next.note);
  if (r.empty()) return 0;  // the delivery went away meanwhile (its hook was deleted)
  const int number = r[0][0].as<int>();
  db::exec_statement(tx, kInsertAttempt, a.delivery_id, number, a.started_ms, a.duration_ms, a.request_headers,
                     a.status, a.response_head, a.error, a.refused, a.address);
  return number;
}

std::vector<DeliveryRow> list_deliveries(pqxx::transaction_base& tx, const std::string& webhook_id,
                                         const std::optional<LogPosition>& after, std::size_t limit) {
  const std::string base =
      std::string("SELECT ") + kDeliveryColumns + " FROM notifications.webhook_deliveries WHERE webhook_id = $1::uuid ";
  const std::string order = " ORDER BY created_at DESC, id DESC LIMIT $2";
  const pqxx::result rows =
      after ? db::exec_statement(
                  tx,
                  base +
                      "AND (created_at, id) < (timestamptz 'epoch' + $3::bigint * interval '1 microsecond', $4::uuid)" +
                      order,
                  webhook_id, static_cast<std::int64_t>(limit), after->created_us, after->id)
            : db::exec_statement(tx, base + order, webhook_id, static_cast<std::int64_t>(limit));
  std::vector<DeliveryRow> out;
  for (const auto& r : rows)
    out.push_back(delivery_from(r));
  return out;
}

std::optional<DeliveryRow> find_delivery(pqxx::transaction_base& tx, const std::string& webhook_id,
                                         const std::string& delivery_id) {
  const pqxx::result r =
      db::exec_statement(tx,
                         std::string("SELECT ") + kDeliveryColumns +
                             " FROM notifications.webhook_deliveries WHERE webhook_id = $1::uuid AND id = $2::uuid",
                         webhook_id, delivery_id);
  if (r.empty()) return std::nullopt;
  return delivery_from(r[0]);
}

std::map<std::string, std::vector<AttemptRow>> attempts_of(pqxx::transaction_base& tx,
                                                           const std::vector<std::string>& delivery_ids) {
  std::map<std::string, std::vector<AttemptRow>> out;
  if (delivery_ids.empty()) return out;
  for (const auto& r : db::exec_statement(tx, kAttemptsOf, id_list(delivery_ids))) {
    AttemptRow a;
    a.attempt = r[1].as<int>();
    a.started_at = r[2].as<std::string>();
    a.duration_ms = r[3].as<std::int64_t>();
    a.request_headers = r[4].as<std::string>();
    if (!r[5].is_null()) a.status = r[5].as<int>();
    a.response_head = optional_text(r[6]);
    a.error = optional_text(r[7]);
    a.refused = r[8].as<bool>();
    a.address = optional_text(r[9]);
    out[r[0].as<std::string>()].push_back(std::move(a));
  }
  return out;
}

bool redeliver(pqxx::work& tx, const std::string& webhook_id, const std::string& delivery_id,
               const std::string& idempotency_key) {
  return db::exec_statement(tx, kRedeliver, delivery_id, webhook_id, idempotency_key).affected_rows() > 0;
}

Pruned prune_delivery_log(pqxx::work& tx, std::chrono::milliseconds retention) {
  const auto ms = static_cast<std::int64_t>(retention.count());
  Pruned p;
  p.attempts = db::exec_statement(tx, kPruneAttempts, ms).affected_rows();
  p.deliveries = db::exec_statement(tx, kPruneDeliveries, ms).affected_rows();
  return p;
}

}  // namespace hub::notifications
