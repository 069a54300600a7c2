#pragma once
// SQL for gated repos' access requests (schemas/repos/103_access_requests.sql). Every function
// takes the caller's transaction.
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/repos/domain/gating.hpp"

namespace hub::repos {

std::optional<AccessStatus> access_status(pqxx::transaction_base& tx, const std::string& repo_id,
                                          const std::string& user_id);
// Creates or updates the user's row (locking it), keeping the fields given last.
void put_access(pqxx::work& tx, const std::string& repo_id, const std::string& user_id, const std::string& name,
                const std::string& fullname, AccessStatus status, const std::string& fields_json,
                const std::optional<std::string>& decided_by, const std::optional<std::string>& reason);
// The row, locked for the decision that follows; nullopt when the user never asked.
std::optional<AccessStatus> lock_access(pqxx::work& tx, const std::string& repo_id, const std::string& user_id);
// An owner's decision on an existing row: its status, who decided and why; the fields stay.
void decide_access(pqxx::work& tx, const std::string& repo_id, const std::string& user_id, const std::string& name,
                   const std::string& fullname, AccessStatus status, const std::string& decided_by,
                   const std::optional<std::string>& reason);
void remove_access(pqxx::work& tx, const std::string& repo_id, const std::string& user_id);
// Oldest change first.
std::vector<AccessRow> list_access(pqxx::transaction_base& tx, const std::string& repo_id, AccessStatus status);

}  // namespace hub::repos
