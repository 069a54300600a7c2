#include "services/notifications/store/pending_store.hpp"

#include <algorithm>

#include "common/db/prepared.hpp"
#include "services/notifications/store/sql_arrays.hpp"

namespace hub::notifications {
namespace {

constexpr const char* kAdd =
    "INSERT INTO notifications.pending_notices (event_id, repo_id, notice) VALUES ($1::uuid, $2, $3::jsonb) "
    "ON CONFLICT (event_id) DO NOTHING";
constexpr const char* kClaim =
    "UPDATE notifications.pending_notices p SET attempts = p.attempts + 1, "
    "next_attempt_at = now() + $2 * interval '1 millisecond' "
    "FROM (SELECT id FROM notifications.pending_notices WHERE next_attempt_at <= now() AND failed_at IS NULL "
    "      ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED) due "
    "WHERE p.id = due.id RETURNING p.id, p.event_id::text, p.repo_id, p.notice::text, p.attempts";
constexpr const char* kFinish = "DELETE FROM notifications.pending_notices WHERE event_id = ANY($1::uuid[])";
constexpr const char* kPostpone =
    "UPDATE notifications.pending_notices SET next_attempt_at = now() + $2 * interval '1 millisecond', "
    "last_error = $3 WHERE event_id = ANY($1::uuid[])";
constexpr const char* kFail =
    "UPDATE notifications.pending_notices SET failed_at = now(), last_error = $2 WHERE event_id = ANY($1::uuid[])";
constexpr const char* kCount = "SELECT count(*) FROM notifications.pending_notices WHERE failed_at IS NULL";

}  // namespace

void add_pending(pqxx::work& tx, const std::string& event_id, const std::string& repo_id,
                 const std::string& notice_json) {
  db::exec_statement(tx, kAdd, event_id, repo_id, notice_json);
}

std::vector<PendingNotice> claim_pending(pqxx::work& tx, std::size_t limit, std::chrono::milliseconds lease) {
  std::vector<std::pair<std::int64_t, PendingNotice>> rows;
  for (const auto& r :
       db::exec_statement(tx, kClaim, static_cast<std::int64_t>(limit), static_cast<std::int64_t>(lease.count()))) {
    rows.emplace_back(r[0].as<std::int64_t>(), PendingNotice{r[1].as<std::string>(), r[2].as<std::string>(),
                                                             r[3].as<std::string>(), r[4].as<int>()});
  }
  // UPDATE … RETURNING keeps no order: oldest first, as the events came.
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<PendingNotice> out;
  out.reserve(rows.size());
  for (auto& [id, row] : rows)
    out.push_back(std::move(row));
  return out;
}

void finish_pending(pqxx::work& tx, const std::vector<std::string>& event_ids) {
  if (!event_ids.empty()) db::exec_statement(tx, kFinish, text_array(event_ids));
}

void postpone_pending(pqxx::work& tx, const std::vector<std::string>& event_ids, std::chrono::milliseconds delay,
                      const std::string& error) {
  if (!event_ids.empty()) {
    db::exec_statement(tx, kPostpone, text_array(event_ids), static_cast<std::int64_t>(delay.count()), error);
  }
}

void fail_pending(pqxx::work& tx, const std::vector<std::string>& event_ids, const std::string& error) {
  if (!event_ids.empty()) db::exec_statement(tx, kFail, text_array(event_ids), error);
}

std::int64_t pending_count(pqxx::transaction_base& tx) {
  return db::exec_statement(tx, kCount)[0][0].as<std::int64_t>();
}

}  // namespace hub::notifications
