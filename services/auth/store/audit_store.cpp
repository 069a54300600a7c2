// The audit log queries.
#include "services/auth/store/audit_store.hpp"

namespace hub::auth {
namespace {

constexpr std::string_view kLockChain = "SELECT pg_advisory_xact_lock(hashtext('hub.auth.audit'))";
constexpr std::string_view kLastHash = "SELECT hash FROM auth.audit_log ORDER BY seq DESC LIMIT 1";
constexpr std::string_view kStoredDetails = "SELECT $1::jsonb::text";
constexpr std::string_view kAuditClock =
    "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
constexpr std::string_view kInsertEntry =
    "INSERT INTO auth.audit_log (id, org_id, actor_id, actor_name, action, target, details, source_address, "
    "created_at, prev_hash, hash) VALUES ($1, NULLIF($2, '')::uuid, NULLIF($3, '')::uuid, $4, $5, $6, $7::jsonb, $8, "
    "$9, $10, $11)";
constexpr std::string_view kChain =
    "SELECT seq, id::text, coalesce(org_id::text, ''), coalesce(actor_id::text, ''), action, target, details::text, "
    "source_address, created_at, prev_hash, hash FROM auth.audit_log ORDER BY seq";
constexpr std::string_view kPage =
    "SELECT seq, id::text AS id, action, target, coalesce(actor_id::text, '') AS actor_id, actor_name, "
    "details::text AS details, source_address, created_at FROM auth.audit_log WHERE org_id = $1 "
    "AND ($2 = '' OR action = $2) AND ($3 = '' OR lower(actor_name) = lower($3)) "
    "AND ($4 = '' OR created_at::timestamptz >= to_timestamp(NULLIF($4, '')::bigint)) "
    "AND ($5 = '' OR created_at::timestamptz < to_timestamp(NULLIF($5, '')::bigint)) "
    "AND ($6 = '' OR seq < NULLIF($6, '')::bigint) "
    "ORDER BY seq DESC LIMIT ";

}  // namespace

void lock_audit_chain(pqxx::work& tx) {
  tx.exec(std::string(kLockChain));
}

std::string last_audit_hash(pqxx::work& tx) {
  auto last = tx.exec(std::string(kLastHash));
  return last.empty() ? std::string(kGenesisHash) : last[0][0].as<std::string>();
}

std::string stored_details(pqxx::work& tx, const std::string& details_json) {
  return tx.exec_params(std::string(kStoredDetails), details_json)[0][0].as<std::string>();
}

std::string audit_clock(pqxx::work& tx) {
  return tx.exec(std::string(kAuditClock))[0][0].as<std::string>();
}

void insert_audit_entry(pqxx::work& tx, const std::string& id, const AuditEntry& e, const std::string& details,
                        const std::string& created_at, const std::string& prev_hash, const std::string& hash) {
  tx.exec_params(std::string(kInsertEntry), id, e.org_id.value_or(""), e.actor_id, e.actor_name, e.action, e.target,
                 details, e.source_address, created_at, prev_hash, hash);
}

std::vector<StoredAuditEntry> audit_chain(pqxx::transaction_base& tx) {
  std::vector<StoredAuditEntry> out;
  for (const auto& r : tx.exec(std::string(kChain))) {
    out.push_back(StoredAuditEntry{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                                   r[3].as<std::string>(), r[4].as<std::string>(), r[5].as<std::string>(),
                                   r[6].as<std::string>(), r[7].as<std::string>(), r[8].as<std::string>(),
                                   r[9].as<std::string>(), r[10].as<std::string>()});
  }
  return out;
}

std::vector<AuditRow> audit_page(pqxx::transaction_base& tx, const AuditFilter& f) {
  std::vector<AuditRow> out;
  for (const auto& r : tx.exec_params(std::string(kPage) + std::to_string(f.limit), f.org_id, f.action, f.actor,
                                      f.since_unix, f.until_unix, f.before_seq)) {
    out.push_back(AuditRow{r["seq"].as<std::string>(), r["id"].as<std::string>(), r["action"].as<std::string>(),
                           r["target"].as<std::string>(), r["actor_id"].as<std::string>(),
                           r["actor_name"].as<std::string>(), r["details"].as<std::string>(),
                           r["source_address"].as<std::string>(), r["created_at"].as<std::string>()});
  }
  return out;
}

}  // namespace hub::auth
