#pragma once
// Organizations and their members. Roles rank read < contributor < write < admin
// (access::MemberRole); an admin manages members and roles, anyone may leave, and no change may leave
// an org without an admin. Every change tells the gateways, after it commits, that decisions about
// the member are stale.
#include <cstdint>
#include <string>
#include <vector>

#include "common/access/identity.hpp"
#include "common/access/role.hpp"
#include "common/db/pool.hpp"
#include "services/auth/app/access_checks.hpp"
#include "services/auth/app/invalidator.hpp"
#include "services/auth/store/org_store.hpp"

namespace hub::auth {

struct NewOrg {
  std::string name;  // checked (common/domain/names.hpp)
  std::string fullname;
};
// The new org's id; 409 when the name is taken.
std::string create_org(db::Pool& db, const access::Identity& who, const NewOrg& org, const std::string& request_id);

struct OrgCard {
  OrgAccess org;  // with the caller's role
  std::int64_t members = 0;
};
OrgCard get_org(db::Pool& db, std::string_view org, const std::string& caller_id);
// For members only.
std::vector<MemberRow> org_members(db::Pool& db, std::string_view org, const access::Identity& who);

void set_member_role(db::Pool& db, Invalidator& invalidator, const access::Identity& who, std::string_view org,
                     std::string_view user, access::MemberRole role);
void remove_member(db::Pool& db, Invalidator& invalidator, const access::Identity& who, std::string_view org,
                   std::string_view user);

}  // namespace hub::auth
