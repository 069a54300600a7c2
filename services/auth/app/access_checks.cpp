// The shared checks, over the store's reads.
#include "services/auth/app/access_checks.hpp"

#include "common/error/api_error.hpp"
#include "services/auth/domain/decide.hpp"
#include "services/auth/store/org_store.hpp"
#include "services/auth/store/token_store.hpp"
#include "services/auth/store/user_store.hpp"

namespace hub::auth {

OrgAccess org_access(pqxx::transaction_base& tx, std::string_view org, const std::string& user_id) {
  auto row = find_org(tx, org, user_id);
  if (!row) throw ApiError(ErrorCode::kNotFound, "no organization named " + std::string(org));
  return OrgAccess{row->id, row->name, row->fullname, stored_member_role(row->role), row->role};
}

OrgAccess require_org_admin(pqxx::transaction_base& tx, std::string_view org, const std::string& user_id,
                            std::string_view why) {
  OrgAccess a = org_access(tx, org, user_id);
  if (!a.admin()) throw ApiError(ErrorCode::kForbidden, std::string(why));
  return a;
}

std::string user_id_by_name(pqxx::transaction_base& tx, std::string_view name) {
  auto id = find_user_id(tx, name);
  if (!id) throw ApiError(ErrorCode::kNotFound, "no user named " + std::string(name));
  return *id;
}

TokenReach token_reach(pqxx::transaction_base& tx, const access::Identity& who) {
  auto reach = find_token_reach(tx, who.token_id, who.user_id);
  if (!reach) throw ApiError(ErrorCode::kUnauthorized, "authentication required");
  return *reach;
}

void require_writing_credential(pqxx::transaction_base& tx, const access::Identity& who) {
  if (!token_reach(tx, who).changes_orgs())
    throw ApiError(ErrorCode::kForbidden, "this token may not change organizations");
}

void require_token_manager(pqxx::transaction_base& tx, const access::Identity& who) {
  if (!token_reach(tx, who).writes()) {
    throw ApiError(ErrorCode::kForbidden, "managing tokens needs a login session or a write token");
  }
}

}  // namespace hub::auth
