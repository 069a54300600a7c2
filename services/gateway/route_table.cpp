#include "services/gateway/route_table.hpp"

#include <algorithm>

namespace hub::gateway {
namespace {

using http::RouteClass;
constexpr std::uint64_t kHuge = 1ULL << 40;      // uploads are bounded by the service that stores them
constexpr std::uint64_t kLfsBatch = 4ULL << 20;  // as repos' own limits for these routes
constexpr std::uint64_t kLfsVerify = 1ULL << 20;
constexpr bool kChangesRegistry = true;
#define HUB_REPO "/api/{type:models|datasets|spaces}/{namespace}/{name}"

}  // namespace

const std::vector<RouteEntry>& route_table() {
  static const std::vector<RouteEntry> table = {
      // auth: accounts, tokens, orgs
      {"/api/signup", "auth"},
      {"/api/login", "auth"},
      {"/api/logout", "auth"},
      {"/api/whoami-v2", "auth"},
      {"/api/settings/tokens", "auth"},
      {"/api/settings/tokens/{rest+}", "auth"},
      {"/api/credentials/{rest+}", "auth"},
      // notifications before auth's org entries: org webhooks live under the org's settings, and
      // watching an org is the inbox's
      {"/api/organizations/{org}/subscription", "notifications"},
      {"/api/organizations/{org}/settings/webhooks", "notifications"},
      {"/api/organizations/{org}/settings/webhooks/{rest+}", "notifications"},
      {"/api/organizations", "auth"},
      {"/api/organizations/{org}", "auth"},
      {"/api/organizations/{org}/members", "auth"},
      {"/api/organizations/{org}/members/{rest+}", "auth"},
      {"/api/organizations/{org}/resource-groups", "auth"},
      {"/api/organizations/{org}/resource-groups/{rest+}", "auth"},
      {"/api/organizations/{org}/settings/security", "auth"},
      {"/api/organizations/{org}/audit-log", "auth"},
      // notifications: inbox, live stream, webhooks, watching
      {"/api/notifications/stream", "notifications", RouteClass::kStream},
      {"/api/notifications/ws", "notifications", RouteClass::kStream},
      {"/api/notifications", "notifications"},
      {"/api/notifications/{rest+}", "notifications"},
      {"/api/settings/webhooks", "notifications"},
      {"/api/settings/webhooks/{rest+}", "notifications"},
      {HUB_REPO "/subscription", "notifications"},
      // pulls: the review side of a pull request, before discussions' catch-all for a thread
      {HUB_REPO "/discussions/{num}/files", "pulls"},
      {HUB_REPO "/discussions/{num}/diff", "pulls"},
      {HUB_REPO "/discussions/{num}/reviews", "pulls"},
      {HUB_REPO "/discussions/{num}/reviews/{rest+}", "pulls"},
      {HUB_REPO "/discussions/{num}/reviewers", "pulls"},
      {HUB_REPO "/discussions/{num}/mergeability", "pulls"},
      {HUB_REPO "/discussions/{num}/merge", "pulls"},
      // discussions
      {HUB_REPO "/discussions", "discussions"},
      {HUB_REPO "/discussions/{num}", "discussions"},
      {HUB_REPO "/discussions/{num}/{rest+}", "discussions"},
      // bugs
      {HUB_REPO "/bugs", "bugs"},
      {HUB_REPO "/bugs/{rest+}", "bugs"},
      {HUB_REPO "/labels", "bugs"},
      {HUB_REPO "/labels/{rest+}", "bugs"},
      {HUB_REPO "/settings/bug-template", "bugs"},
      // before repos' HUB_REPO "/{rest+}", which would take it for a revision's info
      {HUB_REPO "/revision/{rev:rev}/known-bugs", "bugs"},
      // repos: the Hub's repo API, commits (large bodies), files, git and LFS; first what changes
      // the registry of repos
      {"/api/repos/create", "repos", RouteClass::kApi, kDefaultMaxBody, kChangesRegistry},
      {"/api/repos/move", "repos", RouteClass::kApi, kDefaultMaxBody, kChangesRegistry},
      {"/api/repos/delete", "repos", RouteClass::kApi, kDefaultMaxBody, kChangesRegistry},
      {HUB_REPO "/settings", "repos", RouteClass::kApi, kDefaultMaxBody, kChangesRegistry},
      {"/api/repos/{rest+}", "repos"},
      {"/api/validate-yaml", "repos"},
      {"/api/lfs/{rest+}", "repos", RouteClass::kTransfer, kHuge},
      {"/api/{type:models|datasets|spaces}", "repos"},
      {HUB_REPO "/commit/{rest+}", "repos", RouteClass::kTransfer, kHuge},
      {HUB_REPO, "repos"},
      {HUB_REPO "/{rest+}", "repos"},
      // LFS batch and verify are small JSON questions: their limits are checked here, from
      // Content-Length, before the git catch-alls below let a body of any size through.
      {"/{prefix:datasets|spaces}/{namespace}/{name}.git/info/lfs/objects/batch", "repos", RouteClass::kApi, kLfsBatch},
      {"/{prefix:datasets|spaces}/{namespace}/{name}.git/info/lfs/objects/verify", "repos", RouteClass::kApi,
       kLfsVerify},
      {"/{namespace}/{name}.git/info/lfs/objects/batch", "repos", RouteClass::kApi, kLfsBatch},
      {"/{namespace}/{name}.git/info/lfs/objects/verify", "repos", RouteClass::kApi, kLfsVerify},
      {"/{prefix:datasets|spaces}/{namespace}/{name}/info/lfs/objects/batch", "repos", RouteClass::kApi, kLfsBatch},
      {"/{prefix:datasets|spaces}/{namespace}/{name}/info/lfs/objects/verify", "repos", RouteClass::kApi, kLfsVerify},
      {"/{namespace}/{name}/info/lfs/objects/batch", "repos", RouteClass::kApi, kLfsBatch},
      {"/{namespace}/{name}/info/lfs/objects/verify", "repos", RouteClass::kApi, kLfsVerify},
      {"/{prefix:datasets|spaces}/{namespace}/{name}.git/{rest+}", "repos", RouteClass::kTransfer, kHuge},
      {"/{prefix:datasets|spaces}/{namespace}/{name}/resolve/{rest+}", "repos", RouteClass::kTransfer, kHuge},
      {"/{prefix:datasets|spaces}/{namespace}/{name}/raw/{rest+}", "repos", RouteClass::kTransfer, kHuge},
      {"/{namespace}/{name}.git/{rest+}", "repos", RouteClass::kTransfer, kHuge},
      // git and git-lfs also address a repo without the .git suffix, as the Hub allows
      {"/{prefix:datasets|spaces}/{namespace}/{name}/info/{rest+}", "repos", RouteClass::kTransfer, kHuge},
      {"/{prefix:datasets|spaces}/{namespace}/{name}/git-upload-pack", "repos", RouteClass::kTransfer, kHuge},
      {"/{prefix:datasets|spaces}/{namespace}/{name}/git-receive-pack", "repos", RouteClass::kTransfer, kHuge},
      {"/{namespace}/{name}/info/{rest+}", "repos", RouteClass::kTransfer, kHuge},
      {"/{namespace}/{name}/git-upload-pack", "repos", RouteClass::kTransfer, kHuge},
      {"/{namespace}/{name}/git-receive-pack", "repos", RouteClass::kTransfer, kHuge},
      {"/{namespace}/{name}/resolve/{rest+}", "repos", RouteClass::kTransfer, kHuge},
      {"/{namespace}/{name}/raw/{rest+}", "repos", RouteClass::kTransfer, kHuge},
  };
  return table;
}

#undef HUB_REPO

RouteScope scope_of(const RouteEntry& entry) {
  if (entry.pattern.find("{namespace}") != std::string_view::npos) return RouteScope::kRepo;
  if (entry.pattern.find("{org}") != std::string_view::npos) return RouteScope::kOrg;
  return RouteScope::kNone;
}

std::vector<std::string_view> routed_services() {
  std::vector<std::string_view> out;
  for (const auto& e : route_table()) {
    if (std::find(out.begin(), out.end(), e.service) == out.end()) out.push_back(e.service);
  }
  return out;
}

}  // namespace hub::gateway
