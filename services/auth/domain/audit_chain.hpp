#pragma once
// The audit log as a hash chain (schemas/auth/104_audit_log.sql): each entry's hash covers the one
// before it, so an entry removed, reordered or changed after it was written shows.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// The hash before the first entry.
inline constexpr std::string_view kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

// An entry's hash (hex) over the previous hash and its stored fields, as stored.
std::string audit_entry_hash(std::string_view prev, std::string_view id, std::string_view org, std::string_view actor,
                             std::string_view action, std::string_view target, std::string_view details,
                             std::string_view address, std::string_view created_at);

// An entry as stored, for checking the chain.
struct StoredAuditEntry {
  std::string seq;
  std::string id;
  std::string org_id;  // "" for none
  std::string actor_id;
  std::string action;
  std::string target;
  std::string details;
  std::string source_address;
  std::string created_at;
  std::string prev_hash;
  std::string hash;
};

struct ChainCheck {
  bool ok = true;
  std::int64_t entries = 0;
  std::string problem;  // where and how the chain breaks
};
// The entries in their order (seq).
ChainCheck check_audit_chain(const std::vector<StoredAuditEntry>& entries);

}  // namespace hub::auth
