// Hashing and checking the audit chain.
#include "services/auth/domain/audit_chain.hpp"

#include "common/crypto/sha256.hpp"

namespace hub::auth {

std::string audit_entry_hash(std::string_view prev, std::string_view id, std::string_view org, std::string_view actor,
                             std::string_view action, std::string_view target, std::string_view details,
                             std::string_view address, std::string_view created_at) {
  crypto::Sha256 h;
  for (std::string_view part : {prev, id, org, actor, action, target, details, address, created_at}) {
    h.update(part);
    h.update("\n");
  }
  return h.finish_hex();
}

ChainCheck check_audit_chain(const std::vector<StoredAuditEntry>& entries) {
  ChainCheck check;
  std::string prev(kGenesisHash);
  for (const auto& e : entries) {
    if (e.prev_hash != prev) {
      check.ok = false;
      check.problem = "entry " + e.seq + " does not follow the one before it (an entry was removed or reordered)";
      return check;
    }
    const std::string expected = audit_entry_hash(prev, e.id, e.org_id, e.actor_id, e.action, e.target, e.details,
                                                  e.source_address, e.created_at);
    if (expected != e.hash) {
      check.ok = false;
      check.problem = "entry " + e.seq + " was changed after it was written";
      return check;
    }
    prev = e.hash;
    ++check.entries;
  }
  return check;
}

}  // namespace hub::auth
