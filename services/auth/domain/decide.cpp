#include "services/auth/domain/decide.hpp"

#include <algorithm>

#include "common/json/json.hpp"
#include "common/util/strings.hpp"

namespace hub::auth {

std::optional<Role> parse_action(std::string_view action) {
  const auto role = access::parse_role(action);
  if (role == Role::kNone) return std::nullopt;
  return role;
}

namespace {

// Calls `each` with every permission of the scoped entries (as stored) whose entity `names` accepts.
template <class Each>
void for_each_scoped_permission(const std::string& scoped_json, const ScopedEntityMatch& names, Each each) {
  auto doc = json::parse(scoped_json);
  if (!doc || !doc.value().IsArray()) return;
  for (const auto& entry : doc.value().GetArray()) {
    if (!entry.IsObject() || !entry.HasMember("entity") || !entry.HasMember("permissions")) continue;
    const auto& entity = entry["entity"];
    if (!entity.IsObject() || !entity.HasMember("type") || !entity.HasMember("name")) continue;
    if (!entity["type"].IsString() || !entity["name"].IsString() || !entry["permissions"].IsArray()) continue;
    if (!names(std::string_view(entity["type"].GetString(), entity["type"].GetStringLength()),
               std::string_view(entity["name"].GetString(), entity["name"].GetStringLength()))) {
      continue;
    }
    for (const auto& p : entry["permissions"].GetArray()) {
      if (p.IsString()) each(std::string_view(p.GetString(), p.GetStringLength()));
    }
  }
}

}  // namespace

Role scoped_grant(const std::string& scoped_json, const ScopedEntityMatch& names) {
  Role grant = Role::kNone;
  for_each_scoped_permission(scoped_json, names, [&](std::string_view perm) {
    if (perm == "repo.write") grant = std::max(grant, Role::kWrite);
    if (perm == "repo.content.read") grant = std::max(grant, Role::kRead);
  });
  return grant;
}

bool scoped_permission(const std::string& scoped_json, const ScopedEntityMatch& names, std::string_view permission) {
  bool found = false;
  for_each_scoped_permission(scoped_json, names, [&](std::string_view perm) { found = found || perm == permission; });
  return found;
}

namespace {

// The scoped entries that speak for this repo: those naming the repo itself or its org.
ScopedEntityMatch names_repo(const RepoFacts& repo) {
  return [full = repo.namespace_name + "/" + repo.name, &repo](std::string_view type, std::string_view name) {
    return (type == repo.type && util::iequals(name, full)) ||
           (type == "org" && util::iequals(name, repo.namespace_name));
  };
}

// What a fine-grained token allows on this repo: the strongest permission among the entries that
// name the repo itself or its org.
Role scoped_cap(const RepoFacts& repo, const std::string& scoped_json) {
  return scoped_grant(scoped_json, names_repo(repo));
}

}  // namespace

bool may_write_discussions(const RepoFacts& repo, const CallerFacts& caller, Role role) {
  if (!caller.authenticated || role < Role::kRead) return false;
  if (caller.token_role == "write") return true;
  if (caller.token_role == "fineGrained")
    return scoped_permission(caller.scoped_json, names_repo(repo), "discussion.write");
  return false;  // a read token
}

Role effective_role(const RepoFacts& repo, const CallerFacts& caller) {
  Role role = repo.is_private ? Role::kNone : Role::kRead;
  if (caller.authenticated) {
    if (caller.owns_namespace) role = Role::kAdmin;
    // A private repo in a group is its members' (and the org admins'): other org roles do not reach it.
    const bool group_only = repo.is_private && repo.in_group;
    const Role from_org = access::granted_by(caller.org_role, repo.creator_is_caller);
    role = std::max(role, group_only && from_org != Role::kAdmin ? Role::kNone : from_org);
    if (repo.in_group) role = std::max(role, access::granted_by(caller.group_role, repo.creator_is_caller));
    // The token caps what the account may do.
    Role cap = Role::kAdmin;
    if (caller.token_role == "read") cap = Role::kRead;
    if (caller.token_role == "fineGrained") cap = scoped_cap(repo, caller.scoped_json);
    role = std::min(role, cap);
    // A token that may not touch a private repo sees nothing; a public one stays readable.
    if (role == Role::kNone && !repo.is_private) role = Role::kRead;
  }
  return role;
}

ScopeDecision decide_scope(const ScopeKey& scope, const std::optional<CallerToken>& caller, const ScopeFacts& facts) {
  ScopeDecision d;
  d.member = facts.org_member;
  if (d.member && facts.policy.restricts_access()) d.policy = facts.policy;
  if (scope.repo_type.empty() || !facts.repo_found) return d;

  RepoFacts repo{facts.repo_namespace, facts.repo_name, scope.repo_type,
                 facts.repo_private,   false,           facts.repo_in_group};
  CallerFacts who;
  if (caller) {
    who.authenticated = true;
    who.owns_namespace = util::iequals(caller->user_name, facts.repo_namespace);
    who.org_role = d.member ? stored_member_role(facts.org_role) : MemberRole::kNone;
    who.group_role = stored_member_role(facts.group_role);
    who.token_role = caller->kind == "session" ? "write" : caller->role;
    who.scoped_json = caller->scoped_json;
    repo.creator_is_caller = !facts.repo_creator_id.empty() && facts.repo_creator_id == caller->user_id;
  }
  d.role = effective_role(repo, who);
  d.discussion_write = may_write_discussions(repo, who, d.role);
  if (d.role != Role::kNone) d.repo_id = facts.repo_id;
  return d;
}

}  // namespace hub::auth
