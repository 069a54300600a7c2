#pragma once
// auth.audit_log: SQL only, in the caller's transaction. The chain's hashing is domain/audit_chain.hpp;
// app/audit_trail.hpp puts the two together.
#include <cstddef>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/auth/domain/audit_chain.hpp"

namespace hub::auth {

// Orders appends to the chain.
void lock_audit_chain(pqxx::work& tx);
// The last entry's hash; the genesis hash for an empty log.
std::string last_audit_hash(pqxx::work& tx);
// The details as PostgreSQL will store and return them, so the hash is over what is kept.
std::string stored_details(pqxx::work& tx, const std::string& details_json);
// Now, with microseconds, as the entry's created_at is stored.
std::string audit_clock(pqxx::work& tx);
void insert_audit_entry(pqxx::work& tx, const std::string& id, const AuditEntry& entry, const std::string& details,
                        const std::string& created_at, const std::string& prev_hash, const std::string& hash);

// Every entry, in order.
std::vector<StoredAuditEntry> audit_chain(pqxx::transaction_base& tx);

struct AuditFilter {
  std::string org_id;
  std::string action;      // "" for any
  std::string actor;       // "" for any
  std::string since_unix;  // "" for none
  std::string until_unix;  // "" for none
  std::string before_seq;  // "" for the newest
  std::size_t limit = 0;   // rows to return
};
struct AuditRow {
  std::string seq;
  std::string id;
  std::string action;
  std::string target;
  std::string actor_id;
  std::string actor_name;
  std::string details;
  std::string source_address;
  std::string created_at;
};
// An org's entries, newest first.
std::vector<AuditRow> audit_page(pqxx::transaction_base& tx, const AuditFilter& filter);

}  // namespace hub::auth
