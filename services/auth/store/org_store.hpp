#pragma once
// auth.orgs and auth.memberships: SQL only, in the caller's transaction. Roles are returned as
// stored; app/ reads them as access::MemberRole.
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

namespace hub::auth {

struct OrgRow {
  std::string id;
  std::string name;
  std::string fullname;
  std::string role;  // the given user's in it, as stored: "" for none
};
// The org named `org` (any case) and `user_id`'s role in it, in one query.
std::optional<OrgRow> find_org(pqxx::transaction_base& tx, std::string_view org, const std::string& user_id);
// The org's id and name, by name in any case.
std::optional<OrgRow> find_org_by_name(pqxx::transaction_base& tx, std::string_view org);
// `user_id`'s role in the org as stored, "" for none.
std::string stored_role_in_org(pqxx::transaction_base& tx, const std::string& org_id, const std::string& user_id);

// A new org with its creator as its admin.
void insert_org(pqxx::work& tx, const std::string& id, const std::string& name, const std::string& fullname,
                const std::string& creator_id);
std::int64_t count_members(pqxx::transaction_base& tx, const std::string& org_id);

struct MemberRow {
  std::string user;
  std::string fullname;
  std::string role;
};
std::vector<MemberRow> list_members(pqxx::transaction_base& tx, const std::string& org_id);
struct AdminRow {
  std::string id;
  std::string name;
};
// The org's admins, by name.
std::vector<AdminRow> admins_of(pqxx::transaction_base& tx, const std::string& org_id);
// The org's admins, their rows locked so two concurrent demotions cannot both see another admin.
std::vector<std::string> lock_admins(pqxx::work& tx, const std::string& org_id);
void upsert_membership(pqxx::work& tx, const std::string& org_id, const std::string& user_id, std::string_view role);
void delete_membership(pqxx::work& tx, const std::string& org_id, const std::string& user_id);

// The orgs a user belongs to, by name.
struct MembershipRow {
  std::string org_id;
  std::string org_name;
  std::string org_fullname;
  std::string role;
};
std::vector<MembershipRow> memberships_of(pqxx::transaction_base& tx, const std::string& user_id);

}  // namespace hub::auth
