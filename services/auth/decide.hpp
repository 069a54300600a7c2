#pragma once
// can(identity, repo, action): the one place that decides. It combines ownership (a user's own
// namespace), the org role (read < contributor < write < admin; a contributor writes only to the
// repos it created), the repo's visibility, and the token's reach (a read token reads at most; a
// fine-grained token only where a scoped entry names the repo or its org, with those permissions).
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hub::auth_service {

enum class Role { kNone = 0, kRead = 1, kWrite = 2, kAdmin = 3 };
std::string_view role_name(Role role);
std::optional<Role> parse_action(std::string_view action);  // read, write, admin

struct RepoFacts {
  std::string namespace_name;
  std::string name;
  std::string type;  // model, dataset, space
  bool is_private = false;
  bool creator_is_caller = false;
  bool in_group = false;  // belongs to a resource group
};

struct CallerFacts {
  bool authenticated = false;
  bool owns_namespace = false;  // the namespace is the caller's user name
  std::string org_role;         // in the namespace's org: "", read, contributor, write, admin
  std::string group_role;       // in the repo's resource group, same scale
  std::string token_role;       // read, write, fineGrained (sessions count as write)
  std::string scoped_json;      // the fine-grained scopes, as stored
};

// What a fine-grained token's scopes (as stored) grant where an entry's entity (type, name) is one
// `names` accepts: kWrite for repo.write, kRead for repo.content.read, the strongest of them.
using ScopedEntityMatch = std::function<bool(std::string_view type, std::string_view name)>;
Role scoped_grant(const std::string& scoped_json, const ScopedEntityMatch& names);

// The caller's effective role on the repo; kNone means it may not even see it.
Role effective_role(const RepoFacts& repo, const CallerFacts& caller);

}  // namespace hub::auth_service
