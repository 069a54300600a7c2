#pragma once
// The checks every auth use case makes inside its transaction: an org with the caller's role in it,
// a user by name, and what the caller's token may change. Each throws the ApiError the client sees.
#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "common/access/identity.hpp"
#include "common/access/role.hpp"
#include "services/auth/domain/token_kinds.hpp"

namespace hub::auth {

struct OrgAccess {
  std::string id;
  std::string name;
  std::string fullname;
  access::MemberRole role = access::MemberRole::kNone;  // the given user's in it
  std::string role_name;                                // as stored: "" for none
  bool member() const { return !role_name.empty(); }
  bool admin() const { return role == access::MemberRole::kAdmin; }
};
// The org and `user_id`'s role in it, in one query; 404 when there is no such org.
OrgAccess org_access(pqxx::transaction_base& tx, std::string_view org, const std::string& user_id);
// As org_access(), and 403 with `why` unless the user is an admin of it.
OrgAccess require_org_admin(pqxx::transaction_base& tx, std::string_view org, const std::string& user_id,
                            std::string_view why);
// The user's id; 404 when there is none.
std::string user_id_by_name(pqxx::transaction_base& tx, std::string_view name);

// The caller's token; 401 when it is gone.
TokenReach token_reach(pqxx::transaction_base& tx, const access::Identity& who);
// 403 for a read token, or a fine-grained one without org.write: they may not change organizations.
void require_writing_credential(pqxx::transaction_base& tx, const access::Identity& who);
// Only a login session or a write token may mint and revoke tokens: a read or fine-grained token
// must not be able to widen itself.
void require_token_manager(pqxx::transaction_base& tx, const access::Identity& who);

}  // namespace hub::auth
