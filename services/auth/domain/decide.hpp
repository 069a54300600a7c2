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

#include "common/access/org_policy.hpp"
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
// Whether an entry `names` accepts lists `permission` (e.g. discussion.write).
bool scoped_permission(const std::string& scoped_json, const ScopedEntityMatch& names, std::string_view permission);

// The caller's effective role on the repo; kNone means it may not even see it.
Role effective_role(const RepoFacts& repo, const CallerFacts& caller);

// Whether the caller may open threads and comment on the repo, where it has `role`: a signed-in
// reader whose credential writes (a session or a write token), or a fine-grained token whose entry
// for the repo or its org grants discussion.write. A read token never does.
bool may_write_discussions(const RepoFacts& repo, const CallerFacts& caller, Role role);

// What a request is about, as the gateway names it: a repo, or an org's own endpoints.
struct ScopeKey {
  std::string repo_type;  // model, dataset, space; empty when the scope is the org `owner` itself
  std::string owner;      // the namespace
  std::string repo_name;
};

// The caller as its live token says.
struct CallerToken {
  std::string user_id;
  std::string user_name;
  std::string kind;  // session, access
  std::string role;  // read, write, fineGrained
  std::string scoped_json;
};

// What the registry knows about a scope and the caller's place in it (one row of the store).
struct ScopeFacts {
  bool org_member = false;   // the caller belongs to the org that owns the scope
  access::OrgPolicy policy;  // that org's (the defaults when it saved none)
  bool repo_found = false;   // the scope names a repo that exists (at the path or moved from it)
  std::string repo_id;
  std::string repo_namespace;  // the repo's own place, which differs from the scope's after a move
  std::string repo_name;
  bool repo_private = false;
  bool repo_in_group = false;
  std::string repo_creator_id;  // "" when unknown
  std::string org_role;         // as stored; "" when not a member
  std::string group_role;       // as stored; "" when not in the repo's group
};

struct ScopeDecision {
  Role role = Role::kNone;                  // on the repo (kNone for an org scope)
  bool discussion_write = false;            // may_write_discussions on the repo
  std::string repo_id;                      // set when the caller may see the repo
  bool member = false;                      // the caller belongs to the org that owns the scope
  std::optional<access::OrgPolicy> policy;  // that org's, when the caller is a member and it restricts access
};

// The decision over the facts the store read: an unknown repo and an invisible one answer alike.
ScopeDecision decide_scope(const ScopeKey& scope, const std::optional<CallerToken>& caller, const ScopeFacts& facts);

}  // namespace hub::auth
