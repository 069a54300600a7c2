#pragma once
// Resource groups: an org's teams. Org admins create them, put members in them with a role, and put
// the org's repos in them (a repo is in at most one: adding it to a group moves it there). Members of
// the org see the groups.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/access/identity.hpp"
#include "common/access/role.hpp"
#include "common/db/pool.hpp"
#include "common/error/api_error.hpp"
#include "services/auth/app/invalidator.hpp"
#include "services/auth/store/group_store.hpp"

namespace hub::auth {

struct GroupView {
  GroupRow group;
  std::vector<GroupMemberRow> users;
  std::vector<GroupRepoRow> repos;
};
std::vector<GroupView> list_groups(db::Pool& db, const access::Identity& who, std::string_view org);

// The new group's id; 409 when the org has a group of that name.
std::string create_group(db::Pool& db, const access::Identity& who, std::string_view org, const std::string& name,
                         const std::string& description);

// An entry the API could not read carries its error, thrown when its turn comes: after the admin
// check and the entries before it, as a client has always been told.
struct GroupMemberChange {
  std::string user;  // name
  std::string role;  // read, contributor, write or admin (domain/member_roles.hpp); checked in turn
  std::optional<ApiError> unreadable;
};
void add_group_users(db::Pool& db, Invalidator& invalidator, const access::Identity& who, std::string_view org,
                     std::string_view group_id, const std::vector<GroupMemberChange>& users);

struct GroupRepoChange {
  std::string type;
  std::string full_name;  // namespace/name
  std::optional<ApiError> unreadable;
};
void add_group_repos(db::Pool& db, Invalidator& invalidator, const access::Identity& who, std::string_view org,
                     std::string_view group_id, const std::vector<GroupRepoChange>& repos);

}  // namespace hub::auth
