// The audit log's use: appending in the change's transaction, checking the chain, reading a page.
#include "services/auth/app/audit_trail.hpp"

#include "common/db/transaction.hpp"
#include "common/error/api_error.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/app/access_checks.hpp"

namespace hub::auth {

AuditEntry audit_by(const access::Identity& who, std::string action, std::string target) {
  AuditEntry e;
  e.actor_id = who.user_id;
  e.actor_name = who.user_name;
  e.source_address = who.client_address;
  e.action = std::move(action);
  e.target = std::move(target);
  return e;
}

void audit(pqxx::work& tx, const AuditEntry& e) {
  lock_audit_chain(tx);
  const std::string prev = last_audit_hash(tx);
  const std::string id = util::uuid4();
  const std::string details = stored_details(tx, e.details_json);
  const std::string created_at = audit_clock(tx);
  const std::string hash = audit_entry_hash(prev, id, e.org_id.value_or(""), e.actor_id, e.action, e.target, details,
                                            e.source_address, created_at);
  insert_audit_entry(tx, id, e, details, created_at, prev, hash);
}

ChainCheck verify_audit_chain(db::Pool& db) {
  auto lease = db.acquire();
  pqxx::read_transaction tx(*lease);
  return check_audit_chain(audit_chain(tx));
}

AuditPage read_audit_log(db::Pool& db, const http::CursorSealer& sealer, const access::Identity& who,
                         const AuditQuery& q) {
  const std::string since_text = q.since_unix ? std::to_string(*q.since_unix) : std::string();
  const std::string until_text = q.until_unix ? std::to_string(*q.until_unix) : std::string();
  return db::transact(db, [&](pqxx::work& tx) {
    const OrgAccess org =
        require_org_admin(tx, q.org, who.user_id, "only admins of the organization read its audit log");
    // The cursor belongs to this org's log under these filters.
    const std::string list =
        "audit\n" + org.id + "\n" + q.action + "\n" + q.actor + "\n" + since_text + "\n" + until_text;
    std::string before;
    if (q.cursor) {
      auto position = sealer.open(list, *q.cursor);
      if (!position)
        throw ApiError(ErrorCode::kBadRequest, "this cursor is not from this list; start again without it");
      before = *position;
    }
    AuditPage page;
    page.entries = audit_page(tx, AuditFilter{org.id, q.action, q.actor, since_text, until_text, before, q.limit + 1});
    if (page.entries.size() > q.limit) {
      page.entries.resize(q.limit);
      page.next_cursor = sealer.seal(list, page.entries.back().seq);
    }
    return page;
  });
}

}  // namespace hub::auth
