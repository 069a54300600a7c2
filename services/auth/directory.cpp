#include "services/auth/directory.hpp"

#include "common/error/api_error.hpp"

namespace hub::auth {

void lock_name(pqxx::work& tx, std::string_view name) {
  tx.exec_params("SELECT pg_advisory_xact_lock(hashtext('hub.name.' || lower($1)))", std::string(name));
}

bool name_taken(pqxx::work& tx, std::string_view name) {
  return !tx.exec_params(
                "SELECT 1 FROM auth.users WHERE lower(name) = lower($1) UNION ALL "
                "SELECT 1 FROM auth.orgs WHERE lower(name) = lower($1)",
                std::string(name))
              .empty();
}

std::string user_id_by_name(pqxx::work& tx, std::string_view name) {
  auto r = tx.exec_params("SELECT id FROM auth.users WHERE lower(name) = lower($1)", std::string(name));
  if (r.empty()) throw ApiError(ErrorCode::kNotFound, "no user named " + std::string(name));
  return r[0][0].as<std::string>();
}

OrgAccess org_access(pqxx::work& tx, std::string_view org, const std::string& user_id) {
  auto r = tx.exec_params(
      "SELECT o.id, o.name, o.fullname, coalesce(m.role, '') FROM auth.orgs o "
      "LEFT JOIN auth.memberships m ON m.org_id = o.id AND m.user_id = NULLIF($2, '')::uuid "
      "WHERE lower(o.name) = lower($1)",
      std::string(org), user_id);
  if (r.empty()) throw ApiError(ErrorCode::kNotFound, "no organization named " + std::string(org));
  return OrgAccess{r[0][0].as<std::string>(), r[0][1].as<std::string>(), r[0][2].as<std::string>(),
                   r[0][3].as<std::string>()};
}

OrgAccess require_org_admin(pqxx::work& tx, std::string_view org, const std::string& user_id, std::string_view why) {
  OrgAccess a = org_access(tx, org, user_id);
  if (a.role != "admin") throw ApiError(ErrorCode::kForbidden, std::string(why));
  return a;
}

std::string role_in_org(pqxx::work& tx, const std::string& org_id, const std::string& user_id) {
  auto r = tx.exec_params("SELECT role FROM auth.memberships WHERE org_id = $1 AND user_id = $2", org_id, user_id);
  return r.empty() ? std::string() : r[0][0].as<std::string>();
}

TokenReach token_reach(pqxx::work& tx, const access::Identity& who) {
  auto r = tx.exec_params("SELECT kind, role, scoped::text FROM auth.tokens WHERE id = $1 AND user_id = $2",
                          who.token_id, who.user_id);
  if (r.empty()) throw ApiError(ErrorCode::kUnauthorized, "authentication required");
  return TokenReach{r[0][0].as<std::string>(), r[0][1].as<std::string>(), r[0][2].as<std::string>()};
}

void require_writing_credential(pqxx::work& tx, const access::Identity& who) {
  const TokenReach reach = token_reach(tx, who);
  if (reach.writes()) return;
  if (reach.role == "fineGrained" && reach.scoped_json.find("\"org.write\"") != std::string::npos) return;
  throw ApiError(ErrorCode::kForbidden, "this token may not change organizations");
}

}  // namespace hub::auth
