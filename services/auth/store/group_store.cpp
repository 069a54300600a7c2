// The resource group queries.
#include "services/auth/store/group_store.hpp"

namespace hub::auth {
namespace {

constexpr std::string_view kFindGroup = "SELECT id FROM auth.resource_groups WHERE id = $1 AND org_id = $2";
constexpr std::string_view kGroupsOfOrg =
    "SELECT id, name, description FROM auth.resource_groups WHERE org_id = $1 ORDER BY lower(name)";
constexpr std::string_view kGroupMembers =
    "SELECT u.name, gm.role FROM auth.group_members gm JOIN auth.users u ON "
    "u.id = gm.user_id WHERE gm.group_id = $1 ORDER BY lower(u.name)";
constexpr std::string_view kGroupRepos =
    "SELECT type, namespace || '/' || name FROM auth.repos WHERE "
    "resource_group_id = $1 ORDER BY lower(name)";
constexpr std::string_view kInsertGroup =
    "INSERT INTO auth.resource_groups (id, org_id, name, description) VALUES ($1, $2, $3, $4)";
constexpr std::string_view kFindOrgMember =
    "SELECT u.id FROM auth.users u JOIN auth.memberships m ON m.user_id = u.id AND m.org_id = $2 "
    "WHERE lower(u.name) = lower($1)";
constexpr std::string_view kUpsertGroupMember =
    "INSERT INTO auth.group_members (group_id, user_id, role) VALUES ($1, $2, $3) "
    "ON CONFLICT (group_id, user_id) DO UPDATE SET role = EXCLUDED.role";
constexpr std::string_view kMoveRepoToGroup =
    "UPDATE auth.repos SET resource_group_id = $1, updated_at = now() WHERE type = $2 "
    "AND lower(namespace) = lower($3) AND lower(name) = lower($4) RETURNING id";

}  // namespace

std::optional<std::string> find_group(pqxx::transaction_base& tx, const std::string& id, const std::string& org_id) {
  auto r = tx.exec_params(std::string(kFindGroup), id, org_id);
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::string>();
}

std::vector<GroupRow> groups_of_org(pqxx::transaction_base& tx, const std::string& org_id) {
  std::vector<GroupRow> out;
  for (const auto& g : tx.exec_params(std::string(kGroupsOfOrg), org_id))
    out.push_back(GroupRow{g[0].as<std::string>(), g[1].as<std::string>(), g[2].as<std::string>()});
  return out;
}

std::vector<GroupMemberRow> group_members(pqxx::transaction_base& tx, const std::string& group_id) {
  std::vector<GroupMemberRow> out;
  for (const auto& u : tx.exec_params(std::string(kGroupMembers), group_id))
    out.push_back(GroupMemberRow{u[0].as<std::string>(), u[1].as<std::string>()});
  return out;
}

std::vector<GroupRepoRow> group_repos(pqxx::transaction_base& tx, const std::string& group_id) {
  std::vector<GroupRepoRow> out;
  for (const auto& r : tx.exec_params(std::string(kGroupRepos), group_id))
    out.push_back(GroupRepoRow{r[0].as<std::string>(), r[1].as<std::string>()});
  return out;
}

bool insert_group(pqxx::work& tx, const std::string& id, const std::string& org_id, const std::string& name,
                  const std::string& description) {
  try {
    tx.exec_params(std::string(kInsertGroup), id, org_id, name, description);
    return true;
  } catch (const pqxx::unique_violation&) {
    return false;
  }
}

std::optional<std::string> find_org_member_id(pqxx::transaction_base& tx, const std::string& name,
                                              const std::string& org_id) {
  auto m = tx.exec_params(std::string(kFindOrgMember), name, org_id);
  if (m.empty()) return std::nullopt;
  return m[0][0].as<std::string>();
}

void upsert_group_member(pqxx::work& tx, const std::string& group_id, const std::string& user_id,
                         std::string_view role) {
  tx.exec_params(std::string(kUpsertGroupMember), group_id, user_id, std::string(role));
}

bool move_repo_to_group(pqxx::work& tx, const std::string& group_id, const std::string& type, const std::string& ns,
                        const std::string& name) {
  return !tx.exec_params(std::string(kMoveRepoToGroup), group_id, type, ns, name).empty();
}

}  // namespace hub::auth
