#include "services/auth/scope_decision.hpp"

#include "common/util/strings.hpp"
#include "services/auth/org_policies.hpp"

namespace hub::auth {

ScopeDecision decide_scope(pqxx::transaction_base& tx, const ScopeKey& scope,
                           const std::optional<CallerToken>& caller) {
  const std::string user_id = caller ? caller->user_id : std::string();
  // One round trip: the repo (if the scope names one), the owning org and its policy, the caller's
  // role in both.
  auto r = tx.exec_params(
      std::string("SELECT r.id, r.private, r.creator_id::text, r.resource_group_id IS NOT NULL, o.id, m.role, "
                  "gm.role, r.namespace, r.name, ") +
          kPolicyColumns +
          " FROM (SELECT 1) AS one "
          // The repo at the path, else the one that moved away from it.
          "LEFT JOIN auth.repos r ON r.id = COALESCE("
          "(SELECT id FROM auth.repos WHERE type = $1 AND lower(namespace) = lower($2) AND lower(name) = lower($3)), "
          "(SELECT repo_id FROM auth.repo_redirects WHERE type = $1 AND lower(namespace) = lower($2) "
          "AND lower(name) = lower($3))) "
          "LEFT JOIN auth.orgs o ON lower(o.name) = lower(COALESCE(r.namespace, $2)) "
          "LEFT JOIN auth.org_policies p ON p.org_id = o.id "
          "LEFT JOIN auth.memberships m ON m.org_id = o.id AND m.user_id = NULLIF($4, '')::uuid "
          "LEFT JOIN auth.group_members gm ON gm.group_id = r.resource_group_id AND gm.user_id = NULLIF($4, '')::uuid",
      scope.repo_type, scope.owner, scope.repo_name, user_id);
  const auto row = r[0];
  ScopeDecision d;
  d.member = !row[5].is_null();
  if (d.member) {
    access::OrgPolicy policy = policy_from_row(row, 9);
    if (policy.restricts_access()) d.policy = std::move(policy);
  }
  if (scope.repo_type.empty() || row[0].is_null()) return d;

  // The repo's own place, which differs from the scope's when the path is an old one.
  const std::string owner = row[7].as<std::string>();
  RepoFacts facts{owner, row[8].as<std::string>(), scope.repo_type, row[1].as<bool>(), false, row[3].as<bool>()};
  CallerFacts who;
  if (caller) {
    who.authenticated = true;
    who.owns_namespace = util::iequals(caller->user_name, owner);
    who.org_role = d.member ? stored_member_role(row[5].as<std::string>()) : MemberRole::kNone;
    who.group_role = row[6].is_null() ? MemberRole::kNone : stored_member_role(row[6].as<std::string>());
    who.token_role = caller->kind == "session" ? "write" : caller->role;
    who.scoped_json = caller->scoped_json;
    facts.creator_is_caller = !row[2].is_null() && row[2].as<std::string>() == caller->user_id;
  }
  d.role = effective_role(facts, who);
  if (d.role != Role::kNone) d.repo_id = row[0].as<std::string>();
  return d;
}

}  // namespace hub::auth
