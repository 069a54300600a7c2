#pragma once
// What pulls asks auth: the roles of named people on a repo (whose approval counts, who may be asked
// to review), and the members of resource groups asked to review.
#include <string>
#include <vector>

#include "common/access/role.hpp"
#include "common/domain/repo_place.hpp"
#include "common/service/peer.hpp"

namespace hub::pulls {

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
People people_on_repo(const service::Peer& auth, const domain::RepoPlace& place, const PeopleQuery& query,
                      const std::string& request_id);

}  // namespace hub::pulls
