#pragma once
// What services ask auth about people on one repo (POST /internal/repo-people): each user's role on
// it (by id or name) and the members of an org's resource groups with theirs. Pulls counts only the
// approvals of people who may write and asks reviews only of readers; notifications delivers only
// to readers.
#include <string>
#include <vector>

#include "common/access/role.hpp"
#include "common/domain/repo_place.hpp"
#include "common/service/peer.hpp"

namespace hub::service {

struct PersonRole {
  std::string id;
  std::string name;
  access::Role role = access::Role::kNone;
};
struct GroupMembers {
  std::string name;  // org/group
  std::vector<PersonRole> members;
};
struct PeopleQuery {
  std::vector<std::string> user_ids, user_names, groups;
};
struct People {
  std::vector<PersonRole> users;  // those that exist
  std::vector<GroupMembers> groups;
};
People people_on_repo(const Peer& auth, const domain::RepoPlace& place, const PeopleQuery& query,
                      const std::string& request_id);

// Of these repos (by id), those the user may read now (POST /internal/readable-repos): what the
// inbox checks when it is read. Asks in batches of 1,000; a 503 when auth cannot answer.
std::vector<std::string> readable_repos(const Peer& auth, const std::string& user_id,
                                        const std::vector<std::string>& repo_ids, const std::string& request_id);

}  // namespace hub::service
