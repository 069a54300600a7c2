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

// Of these repos (by id), those the user may read now, as a session of theirs would: the inbox
// checks this when it is read, so a member removed from an org stops seeing its private repos'
// items. Unknown users and repos read nothing.
inline constexpr std::size_t kMaxReposPerQuery = 1000;
std::vector<std::string> readable_repos(db::Pool& db, const std::string& user_id, const std::vector<std::string>& repo_ids);

}  // namespace hub::auth
