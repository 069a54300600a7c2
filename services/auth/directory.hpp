#pragma once
// The lookups every auth route file makes inside its transaction: names (users and orgs share one
// namespace), an org with the caller's role in it, and what the caller's token may do.
#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "common/access/identity.hpp"

namespace hub::auth {

// Orders everything that claims `name` (signup, org creation) against each other.
void lock_name(pqxx::work& tx, std::string_view name);
// A user or an org has it.
bool name_taken(pqxx::work& tx, std::string_view name);
// The user's id; 404 when there is none.
std::string user_id_by_name(pqxx::work& tx, std::string_view name);

struct OrgAccess {
  std::string id;
  std::string name;
  std::string fullname;
  std::string role;  // the given user's in it: "" for none, read, contributor, write, admin
};
// The org and `user_id`'s role in it, in one query; 404 when there is no such org.
OrgAccess org_access(pqxx::work& tx, std::string_view org, const std::string& user_id);
// As org_access(), and 403 with `why` unless the user is an admin of it.
OrgAccess require_org_admin(pqxx::work& tx, std::string_view org, const std::string& user_id, std::string_view why);
// `user_id`'s role in the org, "" for none.
std::string role_in_org(pqxx::work& tx, const std::string& org_id, const std::string& user_id);

struct TokenReach {
  std::string kind;  // session, access
  std::string role;  // read, write, fineGrained
  std::string scoped_json;
  // A login session or a write token: may change anything its account may.
  bool writes() const { return kind == "session" || role == "write"; }
};
// The caller's token; 401 when it is gone.
TokenReach token_reach(pqxx::work& tx, const access::Identity& who);
// 403 for a read token, or a fine-grained one without org.write: they may not change organizations.
void require_writing_credential(pqxx::work& tx, const access::Identity& who);

}  // namespace hub::auth
