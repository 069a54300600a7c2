#pragma once
// Writing and checking the audit log (schemas/auth/104_audit_log.sql). An entry is written in the
// transaction of the change it records, so there is never a change without its entry or the reverse.
#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "common/http/message.hpp"

namespace hub::auth {

struct AuditEntry {
  std::optional<std::string> org_id;  // the org whose admins see it; none for a user's own tokens
  std::string actor_id;               // empty for the operator's command line
  std::string actor_name;
  std::string action;  // scope.action: org.create, org.member.role, org.member.remove, token.create, ...
  std::string target;
  std::string details_json = "{}";
  std::string source_address;
};

// Appends under a lock that orders the chain.
void audit(pqxx::work& tx, const AuditEntry& entry);
// The entry's actor and address from a request.
AuditEntry audit_from(const http::Request& request, std::string action, std::string target);

struct ChainCheck {
  bool ok = true;
  std::int64_t entries = 0;
  std::string problem;  // where and how the chain breaks
};
ChainCheck verify_audit_chain(pqxx::connection& conn);

}  // namespace hub::auth
