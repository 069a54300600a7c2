#include "services/repos/store/access_store.hpp"

namespace hub::repos {
namespace {

constexpr const char* kStatus =
    "SELECT status FROM repos.access_requests WHERE repo_id = $1::uuid AND user_id = $2::uuid";
constexpr const char* kLock =
    "SELECT status FROM repos.access_requests WHERE repo_id = $1::uuid AND user_id = $2::uuid FOR UPDATE";
constexpr const char* kPut =
    "INSERT INTO repos.access_requests (repo_id, user_id, user_name, user_fullname, status, fields, decided_by, "
    "rejection_reason) VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::jsonb, $7, $8) "
    "ON CONFLICT (repo_id, user_id) DO UPDATE SET user_name = EXCLUDED.user_name, "
    "user_fullname = EXCLUDED.user_fullname, status = EXCLUDED.status, fields = EXCLUDED.fields, "
    "decided_by = EXCLUDED.decided_by, rejection_reason = EXCLUDED.rejection_reason, updated_at = now()";
constexpr const char* kDecide =
    "UPDATE repos.access_requests SET status = $3, user_name = $4, user_fullname = $5, decided_by = $6, "
    "rejection_reason = $7, updated_at = now() WHERE repo_id = $1::uuid AND user_id = $2::uuid";
constexpr const char* kRemove = "DELETE FROM repos.access_requests WHERE repo_id = $1::uuid AND user_id = $2::uuid";
constexpr const char* kList =
    "SELECT user_id::text, user_name, user_fullname, status, fields::text, "
    "to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') "
    "FROM repos.access_requests WHERE repo_id = $1::uuid AND status = $2 ORDER BY updated_at, user_id LIMIT 10000";

}  // namespace

std::optional<AccessStatus> access_status(pqxx::transaction_base& tx, const std::string& repo_id,
                                          const std::string& user_id) {
  auto r = tx.exec_params(kStatus, repo_id, user_id);
  if (r.empty()) return std::nullopt;
  return parse_access_status(r[0][0].as<std::string>());
}

std::optional<AccessStatus> lock_access(pqxx::work& tx, const std::string& repo_id, const std::string& user_id) {
  auto r = tx.exec_params(kLock, repo_id, user_id);
  if (r.empty()) return std::nullopt;
  return parse_access_status(r[0][0].as<std::string>());
}

void put_access(pqxx::work& tx, const std::string& repo_id, const std::string& user_id, const std::string& name,
                const std::string& fullname, AccessStatus status, const std::string& fields_json,
                const std::optional<std::string>& decided_by, const std::optional<std::string>& reason) {
  tx.exec_params(kPut, repo_id, user_id, name, fullname, std::string(access_status_name(status)), fields_json,
                 decided_by, reason);
}

void decide_access(pqxx::work& tx, const std::string& repo_id, const std::string& user_id, const std::string& name,
                   const std::string& fullname, AccessStatus status, const std::string& decided_by,
                   const std::optional<std::string>& reason) {
  tx.exec_params(kDecide, repo_id, user_id, std::string(access_status_name(status)), name, fullname, decided_by,
                 reason);
}

void remove_access(pqxx::work& tx, const std::string& repo_id, const std::string& user_id) {
  tx.exec_params(kRemove, repo_id, user_id);
}

std::vector<AccessRow> list_access(pqxx::transaction_base& tx, const std::string& repo_id, AccessStatus status) {
  std::vector<AccessRow> out;
  for (const auto& row : tx.exec_params(kList, repo_id, std::string(access_status_name(status)))) {
    out.push_back(AccessRow{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                            parse_access_status(row[3].as<std::string>()).value_or(AccessStatus::kPending),
                            row[4].as<std::string>(), row[5].as<std::string>()});
  }
  return out;
}

}  // namespace hub::repos
