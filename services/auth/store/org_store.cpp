// The org and membership queries.
#include "services/auth/store/org_store.hpp"

namespace hub::auth {
namespace {

constexpr std::string_view kFindOrg =
    "SELECT o.id, o.name, o.fullname, coalesce(m.role, '') FROM auth.orgs o "
    "LEFT JOIN auth.memberships m ON m.org_id = o.id AND m.user_id = NULLIF($2, '')::uuid "
    "WHERE lower(o.name) = lower($1)";
constexpr std::string_view kFindOrgByName = "SELECT id, name FROM auth.orgs WHERE lower(name) = lower($1)";
constexpr std::string_view kRoleInOrg = "SELECT role FROM auth.memberships WHERE org_id = $1 AND user_id = $2";
constexpr std::string_view kInsertOrg =
    "INSERT INTO auth.orgs (id, name, fullname, created_by) VALUES ($1, $2, $3, $4)";
constexpr std::string_view kInsertCreatorAdmin =
    "INSERT INTO auth.memberships (org_id, user_id, role) VALUES ($1, $2, 'admin')";
constexpr std::string_view kCountMembers = "SELECT count(*) FROM auth.memberships WHERE org_id = $1";
constexpr std::string_view kListMembers =
    "SELECT u.name, u.fullname, m.role FROM auth.memberships m JOIN auth.users u ON u.id = m.user_id "
    "WHERE m.org_id = $1 ORDER BY lower(u.name)";
constexpr std::string_view kAdmins =
    "SELECT u.id, u.name FROM auth.memberships m JOIN auth.users u ON u.id = m.user_id "
    "WHERE m.org_id = $1 AND m.role = 'admin' ORDER BY lower(u.name)";
constexpr std::string_view kLockAdmins =
    "SELECT user_id FROM auth.memberships WHERE org_id = $1 AND role = 'admin' FOR UPDATE";
constexpr std::string_view kUpsertMembership =
    "INSERT INTO auth.memberships (org_id, user_id, role) VALUES ($1, $2, $3) "
    "ON CONFLICT (org_id, user_id) DO UPDATE SET role = EXCLUDED.role";
constexpr std::string_view kDeleteMembership = "DELETE FROM auth.memberships WHERE org_id = $1 AND user_id = $2";
constexpr std::string_view kMembershipsOf =
    "SELECT o.id, o.name, o.fullname, m.role FROM auth.memberships m JOIN auth.orgs o ON o.id = m.org_id "
    "WHERE m.user_id = $1 ORDER BY lower(o.name)";

}  // namespace

std::optional<OrgRow> find_org(pqxx::transaction_base& tx, std::string_view org, const std::string& user_id) {
  auto r = tx.exec_params(std::string(kFindOrg), std::string(org), user_id);
  if (r.empty()) return std::nullopt;
  return OrgRow{r[0][0].as<std::string>(), r[0][1].as<std::string>(), r[0][2].as<std::string>(),
                r[0][3].as<std::string>()};
}

std::optional<OrgRow> find_org_by_name(pqxx::transaction_base& tx, std::string_view org) {
  auto r = tx.exec_params(std::string(kFindOrgByName), std::string(org));
  if (r.empty()) return std::nullopt;
  return OrgRow{r[0][0].as<std::string>(), r[0][1].as<std::string>(), "", ""};
}

std::string stored_role_in_org(pqxx::transaction_base& tx, const std::string& org_id, const std::string& user_id) {
  auto r = tx.exec_params(std::string(kRoleInOrg), org_id, user_id);
  return r.empty() ? std::string() : r[0][0].as<std::string>();
}

void insert_org(pqxx::work& tx, const std::string& id, const std::string& name, const std::string& fullname,
                const std::string& creator_id) {
  tx.exec_params(std::string(kInsertOrg), id, name, fullname, creator_id);
  tx.exec_params(std::string(kInsertCreatorAdmin), id, creator_id);
}

std::int64_t count_members(pqxx::transaction_base& tx, const std::string& org_id) {
  return tx.exec_params(std::string(kCountMembers), org_id)[0][0].as<std::int64_t>();
}

std::vector<MemberRow> list_members(pqxx::transaction_base& tx, const std::string& org_id) {
  std::vector<MemberRow> out;
  for (const auto& row : tx.exec_params(std::string(kListMembers), org_id)) {
    out.push_back(MemberRow{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>()});
  }
  return out;
}

std::vector<AdminRow> admins_of(pqxx::transaction_base& tx, const std::string& org_id) {
  std::vector<AdminRow> out;
  for (const auto& row : tx.exec_params(std::string(kAdmins), org_id))
    out.push_back(AdminRow{row[0].as<std::string>(), row[1].as<std::string>()});
  return out;
}

std::vector<std::string> lock_admins(pqxx::work& tx, const std::string& org_id) {
  std::vector<std::string> out;
  for (const auto& row : tx.exec_params(std::string(kLockAdmins), org_id))
    out.push_back(row[0].as<std::string>());
  return out;
}

void upsert_membership(pqxx::work& tx, const std::string& org_id, const std::string& user_id, std::string_view role) {
  tx.exec_params(std::string(kUpsertMembership), org_id, user_id, std::string(role));
}

void delete_membership(pqxx::work& tx, const std::string& org_id, const std::string& user_id) {
  tx.exec_params(std::string(kDeleteMembership), org_id, user_id);
}

std::vector<MembershipRow> memberships_of(pqxx::transaction_base& tx, const std::string& user_id) {
  std::vector<MembershipRow> out;
  for (const auto& o : tx.exec_params(std::string(kMembershipsOf), user_id)) {
    out.push_back(
        MembershipRow{o[0].as<std::string>(), o[1].as<std::string>(), o[2].as<std::string>(), o[3].as<std::string>()});
  }
  return out;
}

}  // namespace hub::auth
