#pragma once
// The people a service asks about for one repo: each user's role on it (as a session of that user
// would have it), and the members of an org's resource groups with theirs. Pulls counts only the
// approvals of people who may write and asks reviews only of people who may read; notifications
// will deliver only to readers. Unknown users and groups are left out of the answer.
#include <string>
#include <vector>

#include "common/access/role.hpp"
#include "common/db/pool.hpp"
#include "services/auth/domain/decide.hpp"

namespace hub::auth {

struct RepoPeopleQuery {
  ScopeKey repo;
  std::vector<std::string> user_ids;
  std::vector<std::string> user_names;
  std::vector<std::string> groups;  // org/group
};

struct RepoPerson {
  std::string id;
  std::string name;
  access::Role role = access::Role::kNone;
};
struct RepoGroup {
  std::string name;  // org/group
  std::vector<RepoPerson> members;
};
struct RepoPeople {
  std::vector<RepoPerson> users;
  std::vector<RepoGroup> groups;
};

inline constexpr std::size_t kMaxPeoplePerQuery = 200;

RepoPeople repo_people(db::Pool& db, const RepoPeopleQuery& query);

}  // namespace hub::auth
