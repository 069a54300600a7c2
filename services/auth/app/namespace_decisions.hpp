#pragma once
// The decisions repos needs that are not about one existing repo, so the gateway cannot make them:
// may a caller create a repo in a namespace (and what does a new repo there default to), and which
// private repos may a caller see in a list.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/db/pool.hpp"
#include "services/auth/domain/namespace_rules.hpp"

namespace hub::auth {

struct NamespaceRequest {
  std::string ns;
  std::string user_id;   // a UUID
  std::string token_id;  // a UUID
  std::string client_address;
};
// nullopt when the token is not live (invalid credentials).
std::optional<NamespaceAnswer> namespace_access(db::Pool& db, const NamespaceRequest& request);

// Who may manage the webhooks `request.ns` owns (domain/namespace_rules.hpp), with the owner's id
// (the user's, or the org's). nullopt when the token is not live (invalid credentials).
struct WebhookOwner {
  WebhookOwnerAnswer answer;
  std::string id;    // "" unless answer.exists
  std::string name;  // as stored
};
std::optional<WebhookOwner> webhook_owner(db::Pool& db, const NamespaceRequest& request);

// Users and orgs by name (any case), for notifications: what each name is, its id, and for an org
// its admins when asked. Unknown names are left out.
struct NamespaceCard {
  std::string name;  // as stored
  std::string kind;  // user, org
  std::string id;
  std::vector<std::pair<std::string, std::string>> admins;  // {id, name}, orgs only, when asked
};
inline constexpr std::size_t kMaxNamespacesPerLookup = 200;
std::vector<NamespaceCard> lookup_namespaces(db::Pool& db, const std::vector<std::string>& names, bool with_admins);

// Private repos the caller may read: those of its own namespace and of its orgs, each decided by
// effective_role() as a request about it would be. None when the token is not live.
std::vector<std::string> readable_private_repos(db::Pool& db, const std::string& user_id, const std::string& token_id);

}  // namespace hub::auth
