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

#include "common/access/role.hpp"

namespace hub::auth {

using access::MemberRole;
using access::Role;
// A membership role as the database stores it; anything unknown grants nothing.
inline MemberRole stored_member_role(std::string_view stored) {
  return access::parse_member_role(stored).value_or(MemberRole::kNone);
}

// What a caller asks to do: read, write or admin (never "none").
std::optional<Role> parse_action(std::string_view action);

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
  bool owns_namespace = false;                // the namespace is the caller's user name
  MemberRole org_role = MemberRole::kNone;    // in the namespace's org
  MemberRole group_role = MemberRole::kNone;  // in the repo's resource group
  std::string token_role;                     // read, write, fineGrained (sessions count as write)
  std::string scoped_json;                    // the fine-grained scopes, as stored
};

// What a fine-grained token's scopes (as stored) grant where an entry's entity (type, name) is one
// `names` accepts: kWrite for repo.write, kRead for repo.content.read, the strongest of them.
using ScopedEntityMatch = std::function<bool(std::string_view type, std::string_view name)>;
Role scoped_grant(const std::string& scoped_json, const ScopedEntityMatch& names);

// The caller's effective role on the repo; kNone means it may not even see it.
Role effective_role(const RepoFacts& repo, const CallerFacts& caller);

}  // namespace hub::auth
