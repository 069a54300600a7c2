#include "services/auth/audit.hpp"

#include "common/crypto/sha256.hpp"
#include "common/util/uuid.hpp"

namespace hub::auth {
namespace {

constexpr std::string_view kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

std::string entry_hash(std::string_view prev, std::string_view id, std::string_view org, std::string_view actor,
                       std::string_view action, std::string_view target, std::string_view details,
                       std::string_view address, std::string_view created_at) {
  crypto::Sha256 h;
  for (std::string_view part : {prev, id, org, actor, action, target, details, address, created_at}) {
    h.update(part);
    h.update("\n");
  }
  return h.finish_hex();
}

}  // namespace

AuditEntry audit_from(const http::Request& request, std::string action, std::string target) {
  AuditEntry e;
  if (request.ctx.identity) {
    e.actor_id = request.ctx.identity->user_id;
    e.actor_name = request.ctx.identity->user_name;
    e.source_address = request.ctx.identity->client_address;
  }
  e.action = std::move(action);
  e.target = std::move(target);
  return e;
}

void audit(pqxx::work& tx, const AuditEntry& e) {
  tx.exec("SELECT pg_advisory_xact_lock(hashtext('hub.auth.audit'))");
  auto last = tx.exec("SELECT hash FROM auth.audit_log ORDER BY seq DESC LIMIT 1");
  const std::string prev = last.empty() ? std::string(kGenesis) : last[0][0].as<std::string>();
  const std::string id = util::uuid4();
  // The details as PostgreSQL will store and return them, so the hash is over what is kept.
  const std::string details = tx.exec_params("SELECT $1::jsonb::text", e.details_json)[0][0].as<std::string>();
  const std::string created_at =
      tx.exec("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")[0][0]
          .as<std::string>();
  const std::string org = e.org_id.value_or("");
  const std::string hash =
      entry_hash(prev, id, org, e.actor_id, e.action, e.target, details, e.source_address, created_at);
  tx.exec_params(
      "INSERT INTO auth.audit_log (id, org_id, actor_id, actor_name, action, target, details, source_address, "
      "created_at, prev_hash, hash) VALUES ($1, NULLIF($2, '')::uuid, NULLIF($3, '')::uuid, $4, $5, $6, $7::jsonb, $8, "
      "$9, $10, $11)",
      id, org, e.actor_id, e.actor_name, e.action, e.target, details, e.source_address, created_at, prev, hash);
}

ChainCheck verify_audit_chain(pqxx::connection& conn) {
  pqxx::read_transaction tx(conn);
  ChainCheck check;
  std::string prev(kGenesis);
  auto rows = tx.exec(
      "SELECT seq, id::text, coalesce(org_id::text, ''), coalesce(actor_id::text, ''), action, target, details::text, "
      "source_address, created_at, prev_hash, hash FROM auth.audit_log ORDER BY seq");
  for (const auto& r : rows) {
    const std::string seq = r[0].as<std::string>();
    if (r[9].as<std::string>() != prev) {
      check.ok = false;
      check.problem = "entry " + seq + " does not follow the one before it (an entry was removed or reordered)";
      return check;
    }
    const std::string expected =
        entry_hash(prev, r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>(), r[4].as<std::string>(),
                   r[5].as<std::string>(), r[6].as<std::string>(), r[7].as<std::string>(), r[8].as<std::string>());
    if (expected != r[10].as<std::string>()) {
      check.ok = false;
      check.problem = "entry " + seq + " was changed after it was written";
      return check;
    }
    prev = r[10].as<std::string>();
    ++check.entries;
  }
  return check;
}

}  // namespace hub::auth
