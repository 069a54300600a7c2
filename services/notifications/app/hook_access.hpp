#pragma once
// Which hooks may receive a repo's events right now (domain/hook_access.hpp), asked of auth at the
// moment it matters: when an event is matched to hooks, and again before each attempt, so a hook
// whose owner lost access stops receiving at once. Never inside a transaction; throws (503) when
// auth cannot answer, and the caller tries again later.
#include <set>
#include <string>
#include <vector>

#include "common/service/peer.hpp"
#include "services/notifications/store/webhook_store.hpp"

namespace hub::notifications {

struct HookRef {
  std::string hook_id;
  HookOwner owner;
};

struct RepoReach {
  bool repo_public = false;
  std::set<std::string> hooks;  // the ids of those that may receive
};

// `repo_name` is namespace/name as auth knows the repo now.
RepoReach hooks_reaching(const service::Peer& auth, const std::string& repo_type, const std::string& repo_name,
                         const std::vector<HookRef>& hooks, const std::string& request_id);

}  // namespace hub::notifications
