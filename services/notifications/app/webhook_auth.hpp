#pragma once
// What webhooks ask auth (never inside a transaction): who may manage a namespace's hooks; what a
// user or org name is, with its id (and an org's admins); whether a repo is public, or readable with
// a caller's token; and which users may read a repo now (POST /internal/repo-people). An answer not
// received is ApiError 503: nothing is decided on a guess.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/access/identity.hpp"
#include "common/access/role.hpp"
#include "common/service/peer.hpp"

namespace hub::notifications {

struct OwnerAccess {
  bool exists = false;  // the caller's own name, or an org they belong to
  std::string kind;     // user, org
  std::string id;
  std::string name;
  bool may_read = false;
  bool may_manage = false;
  std::string reason;
};
// POST /internal/webhook-owner for the caller and namespace `ns`.
OwnerAccess webhook_owner_access(const service::Peer& auth, const access::Identity& who, const std::string& ns,
                                 const std::string& request_id);

struct NamespaceInfo {
  std::string name;  // as stored
  std::string kind;  // user, org
  std::string id;
  std::vector<std::pair<std::string, std::string>> admins;  // {id, name}; orgs, when asked
};
// POST /internal/namespaces: the names that exist (at most 200 a call), by name in lower case.
std::map<std::string, NamespaceInfo> lookup_namespaces(const service::Peer& auth, const std::vector<std::string>& names,
                                                       bool with_admins, const std::string& request_id);

// A repo by type and path, as one caller may see it (POST /internal/decide, action read): anonymous
// when `token_id` is empty, which is whether the repo is public. `repo_id` is set when it may be read.
struct RepoSight {
  bool readable = false;
  std::string repo_id;
};
RepoSight see_repo(const service::Peer& auth, const std::string& type, const std::string& full_name,
                   const std::string& token_id, const std::string& request_id);

// The users of `user_ids` (at most 200) who may read the repo now, as a session of theirs would
// (common/service/repo_people.hpp).
std::vector<std::string> readers_among(const service::Peer& auth, const std::string& type, const std::string& full_name,
                                       const std::vector<std::string>& user_ids, const std::string& request_id);

}  // namespace hub::notifications
