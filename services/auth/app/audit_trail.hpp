#pragma once
// Writing and checking the audit log. An entry is written in the transaction of the change it
// records, so there is never a change without its entry or the reverse.
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/access/identity.hpp"
#include "common/db/pool.hpp"
#include "common/http/cursor.hpp"
#include "services/auth/domain/audit_chain.hpp"
#include "services/auth/store/audit_store.hpp"

namespace hub::auth {

// Appends under a lock that orders the chain.
void audit(pqxx::work& tx, const AuditEntry& entry);
// An entry whose actor and address are the caller's.
AuditEntry audit_by(const access::Identity& who, std::string action, std::string target);
// Reads the whole chain in one snapshot and checks it.
ChainCheck verify_audit_chain(db::Pool& db);

// A page of an org's log, for its admins.
struct AuditQuery {
  std::string org;
  std::string action, actor;
  std::optional<std::int64_t> since_unix, until_unix;
  std::optional<std::string> cursor;
  std::size_t limit = 0;
};
struct AuditPage {
  std::vector<AuditRow> entries;
  std::optional<std::string> next_cursor;  // sealed; set when there are more
};
AuditPage read_audit_log(db::Pool& db, const http::CursorSealer& sealer, const access::Identity& who,
                         const AuditQuery& query);

}  // namespace hub::auth
