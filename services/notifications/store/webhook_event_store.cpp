#include "services/notifications/store/webhook_event_store.hpp"

#include "common/db/prepared.hpp"
#include "services/notifications/store/sql_arrays.hpp"

namespace hub::notifications {
namespace {

constexpr const char* kInsertPending =
    "INSERT INTO notifications.webhook_events (event_id, envelope) VALUES ($1::uuid, $2) "
    "ON CONFLICT (event_id) DO NOTHING";
constexpr const char* kClaimPending =
    "UPDATE notifications.webhook_events e SET lease_until = now() + $2::bigint * interval '1 millisecond' "
    "FROM (SELECT event_id FROM notifications.webhook_events "
    "      WHERE lease_until IS NULL OR lease_until < now() ORDER BY received_at LIMIT $1 "
    "      FOR UPDATE SKIP LOCKED) due "
    "WHERE e.event_id = due.event_id "
    "RETURNING e.event_id::text, e.envelope, "
    "to_char(e.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
// The same for events named by id (handed over in memory): a lookup by key per id, no scan.
constexpr const char* kClaimNamed =
    "UPDATE notifications.webhook_events e SET lease_until = now() + $2::bigint * interval '1 millisecond' "
    "FROM (SELECT event_id FROM notifications.webhook_events "
    "      WHERE event_id = ANY($1::uuid[]) AND (lease_until IS NULL OR lease_until < now()) ORDER BY received_at "
    "      FOR UPDATE SKIP LOCKED) due "
    "WHERE e.event_id = due.event_id "
    "RETURNING e.event_id::text, e.envelope, "
    "to_char(e.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
constexpr const char* kFinishPending = "DELETE FROM notifications.webhook_events WHERE event_id = $1::uuid";
constexpr const char* kPostponePending =
    "UPDATE notifications.webhook_events SET lease_until = now() + $2::bigint * interval '1 millisecond' "
    "WHERE event_id = $1::uuid";

constexpr const char* kNoteRepo =
    "INSERT INTO notifications.webhook_repos (repo_id, repo_type, name, is_private, as_of) "
    "VALUES ($1::uuid, $2, $3, $4, $5::timestamptz) "
    "ON CONFLICT (repo_id) DO UPDATE SET repo_type = EXCLUDED.repo_type, name = EXCLUDED.name, "
    "  is_private = coalesce(EXCLUDED.is_private, notifications.webhook_repos.is_private), as_of = EXCLUDED.as_of "
    "WHERE notifications.webhook_repos.as_of <= EXCLUDED.as_of";
constexpr const char* kFindRepo =
    "SELECT repo_id::text, repo_type, name, is_private FROM notifications.webhook_repos WHERE repo_id = $1::uuid";

}  // namespace

bool insert_pending_event(pqxx::work& tx, const std::string& event_id, const std::string& envelope) {
  return db::exec_statement(tx, kInsertPending, event_id, envelope).affected_rows() > 0;
}

namespace {

std::vector<PendingEvent> pending_events(const pqxx::result& rows) {
  std::vector<PendingEvent> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back(PendingEvent{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>()});
  return out;
}

}  // namespace

std::vector<PendingEvent> claim_pending_events(pqxx::work& tx, std::size_t limit, std::chrono::milliseconds lease) {
  return pending_events(db::exec_statement(tx, kClaimPending, static_cast<std::int64_t>(limit),
                                           static_cast<std::int64_t>(lease.count())));
}

std::vector<PendingEvent> claim_named_events(pqxx::work& tx, const std::vector<std::string>& event_ids,
                                             std::chrono::milliseconds lease) {
  if (event_ids.empty()) return {};
  return pending_events(
      db::exec_statement(tx, kClaimNamed, text_array(event_ids), static_cast<std::int64_t>(lease.count())));
}

void finish_pending_event(pqxx::work& tx, const std::string& event_id) {
  db::exec_statement(tx, kFinishPending, event_id);
}

void postpone_pending_event(pqxx::work& tx, const std::string& event_id, std::chrono::milliseconds delay) {
  db::exec_statement(tx, kPostponePending, event_id, static_cast<std::int64_t>(delay.count()));
}

void note_repo_fact(pqxx::work& tx, const RepoFact& fact, const std::string& occurred_at) {
  db::exec_statement(tx, kNoteRepo, fact.repo_id, fact.repo_type, fact.name, fact.is_private, occurred_at);
}

std::optional<RepoFact> find_repo_fact(pqxx::transaction_base& tx, const std::string& repo_id) {
  const pqxx::result r = db::exec_statement(tx, kFindRepo, repo_id);
  if (r.empty()) return std::nullopt;
  RepoFact f{r[0][0].as<std::string>(), r[0][1].as<std::string>(), r[0][2].as<std::string>(), std::nullopt};
  if (!r[0][3].is_null()) f.is_private = r[0][3].as<bool>();
  return f;
}

}  // namespace hub::notifications
