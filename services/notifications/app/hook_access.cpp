#include "services/notifications/app/hook_access.hpp"

#include <algorithm>

#include "services/notifications/app/webhook_auth.hpp"
#include "services/notifications/domain/hook_access.hpp"

namespace hub::notifications {
namespace {

constexpr std::size_t kPeoplePerCall = 200;  // auth's limit for /internal/repo-people

}  // namespace

RepoReach hooks_reaching(const service::Peer& auth, const std::string& repo_type, const std::string& repo_name,
                         const std::vector<HookRef>& hooks, const std::string& request_id) {
  RepoReach reach;
  if (hooks.empty()) return reach;
  reach.repo_public = see_repo(auth, repo_type, repo_name, "", request_id).readable;
  std::set<std::string> readers;
  if (!reach.repo_public) {
    std::vector<std::string> users;
    for (const auto& h : hooks) {
      if (h.owner.kind == "user" && std::find(users.begin(), users.end(), h.owner.id) == users.end()) {
        users.push_back(h.owner.id);
      }
    }
    for (std::size_t i = 0; i < users.size(); i += kPeoplePerCall) {
      const std::vector<std::string> batch(
          users.begin() + static_cast<std::ptrdiff_t>(i),
          users.begin() + static_cast<std::ptrdiff_t>(std::min(users.size(), i + kPeoplePerCall)));
      for (auto& id : readers_among(auth, repo_type, repo_name, batch, request_id))
        readers.insert(std::move(id));
    }
  }
  const std::string ns = repo_name.substr(0, repo_name.find('/'));
  for (const auto& h : hooks) {
    if (hook_may_receive(h.owner.kind, h.owner.name, ns, reach.repo_public, readers.contains(h.owner.id))) {
      reach.hooks.insert(h.hook_id);
    }
  }
  return reach;
}

}  // namespace hub::notifications
