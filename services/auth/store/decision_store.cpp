// The decision queries.
#include "services/auth/store/decision_store.hpp"

#include "services/auth/store/policy_store.hpp"
#include "services/auth/store/token_store.hpp"

namespace hub::auth {
namespace {

const std::string kScopeFacts =
    std::string(
        "SELECT r.id, r.private, r.creator_id::text, r.resource_group_id IS NOT NULL, o.id, m.role, "
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
    "LEFT JOIN auth.group_members gm ON gm.group_id = r.resource_group_id AND gm.user_id = NULLIF($4, '')::uuid";

const std::string kNamespaceFacts = std::string(
                                        "SELECT u.name, t.kind, t.role, t.scoped::text, "
                                        "EXTRACT(EPOCH FROM t.expires_at - t.created_at)::bigint, o.id, m.role, ") +
                                    kPolicyColumns +
                                    " FROM auth.tokens t JOIN auth.users u ON u.id = t.user_id "
                                    "LEFT JOIN auth.orgs o ON lower(o.name) = lower($3) "
                                    "LEFT JOIN auth.org_policies p ON p.org_id = o.id "
                                    "LEFT JOIN auth.memberships m ON m.org_id = o.id AND m.user_id = u.id "
                                    "WHERE t.id = $1 AND u.id = $2 AND " +
                                    std::string(kLiveToken);

constexpr std::string_view kPrivateReposNear =
    "SELECT r.id, r.type, r.namespace, r.name, r.creator_id = $1::uuid, r.resource_group_id IS NOT NULL, "
    "COALESCE(m.role, ''), COALESCE(gm.role, '') "
    "FROM auth.repos r "
    "LEFT JOIN auth.orgs o ON lower(o.name) = lower(r.namespace) "
    "LEFT JOIN auth.memberships m ON m.org_id = o.id AND m.user_id = $1::uuid "
    "LEFT JOIN auth.group_members gm ON gm.group_id = r.resource_group_id AND gm.user_id = $1::uuid "
    "WHERE r.private AND (lower(r.namespace) = lower($2) OR m.user_id IS NOT NULL)";

std::string text_or_empty(const pqxx::field& f) {
  return f.is_null() ? std::string() : f.as<std::string>();
}

}  // namespace

ScopeFacts read_scope_facts(pqxx::transaction_base& tx, const ScopeKey& scope, const std::string& user_id) {
  auto r = tx.exec_params(kScopeFacts, scope.repo_type, scope.owner, scope.repo_name, user_id);
  const auto row = r[0];
  ScopeFacts f;
  f.org_member = !row[5].is_null();
  f.org_role = text_or_empty(row[5]);
  f.policy = policy_from_row(row, 9);
  f.repo_found = !row[0].is_null();
  if (!f.repo_found) return f;
  f.repo_id = row[0].as<std::string>();
  f.repo_private = row[1].as<bool>();
  f.repo_creator_id = text_or_empty(row[2]);
  f.repo_in_group = row[3].as<bool>();
  f.group_role = text_or_empty(row[6]);
  f.repo_namespace = row[7].as<std::string>();
  f.repo_name = row[8].as<std::string>();
  return f;
}

std::optional<NamespaceFacts> read_namespace_facts(pqxx::transaction_base& tx, const std::string& token_id,
                                                   const std::string& user_id, const std::string& ns) {
  auto r = tx.exec_params(kNamespaceFacts, token_id, user_id, ns);
  if (r.empty()) return std::nullopt;
  const auto row = r[0];
  NamespaceFacts f;
  f.user_name = row[0].as<std::string>();
  f.token_kind = row[1].as<std::string>();
  f.token_role = row[2].as<std::string>();
  f.scoped_json = row[3].as<std::string>();
  if (!row[4].is_null()) f.token_lifetime_seconds = row[4].as<std::int64_t>();
  f.org_exists = !row[5].is_null();
  f.org_role = text_or_empty(row[6]);
  if (f.org_exists) f.policy = policy_from_row(row, 7);
  return f;
}

std::vector<PrivateRepoRow> private_repos_near(pqxx::transaction_base& tx, const std::string& user_id,
                                               const std::string& user_name) {
  std::vector<PrivateRepoRow> out;
  for (const auto& row : tx.exec_params(std::string(kPrivateReposNear), user_id, user_name)) {
    out.push_back(PrivateRepoRow{row[0].as<std::string>(),
                                 RepoFacts{row[2].as<std::string>(), row[3].as<std::string>(), row[1].as<std::string>(),
                                           true, !row[4].is_null() && row[4].as<bool>(), row[5].as<bool>()},
                                 row[6].as<std::string>(), row[7].as<std::string>()});
  }
  return out;
}

}  // namespace hub::auth
