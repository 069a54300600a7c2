#pragma once
// What repos asks auth, over its /internal/ endpoints: the registry of repos (kept in step in the
// request that changes a repo) and the decisions that are not about the request's own repo.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/access/identity.hpp"
#include "common/service/peer.hpp"
#include "services/repos/store/repo_store.hpp"

namespace hub::repos {

void register_repo(const service::Peer& auth, const RepoRow& repo, std::string_view request_id);
void unregister_repo(const service::Peer& auth, const std::string& repo_id, std::string_view request_id);

struct NamespaceAccess {
  bool exists = false;
  bool may_create = false;
  std::string reason;
  std::string default_visibility = "public";
};
NamespaceAccess namespace_access(const service::Peer& auth, const access::Identity& who, std::string_view ns,
                                 std::string_view request_id);

struct RepoDecision {
  access::Role role = access::Role::kNone;
  std::string repo_id;
};
// The caller's role on a repo named by path (routes whose repo is in the body, not the path).
RepoDecision decide(const service::Peer& auth, const access::Identity& who, std::string_view type, std::string_view ns,
                    std::string_view name, std::string_view request_id);

struct UserRef {
  std::string id;
  std::string name;
  std::string fullname;
};
// A user by name (`by_name`) or by id; nullopt when auth knows no such user.
std::optional<UserRef> lookup_user(const service::Peer& auth, std::string_view key, bool by_name,
                                   std::string_view request_id);

// Private repos the caller may see in lists.
std::vector<std::string> readable_private_repos(const service::Peer& auth, const access::Identity& who,
                                                std::string_view request_id);

}  // namespace hub::repos
