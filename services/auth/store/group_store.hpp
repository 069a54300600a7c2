#pragma once
// auth.resource_groups and their members and repos: SQL only, in the caller's transaction.
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

namespace hub::auth {

// The group `id` of the org, or nullopt.
std::optional<std::string> find_group(pqxx::transaction_base& tx, const std::string& id, const std::string& org_id);

struct GroupRow {
  std::string id, name, description;
};
std::vector<GroupRow> groups_of_org(pqxx::transaction_base& tx, const std::string& org_id);

struct GroupMemberRow {
  std::string user, role;
};
std::vector<GroupMemberRow> group_members(pqxx::transaction_base& tx, const std::string& group_id);

struct GroupRepoRow {
  std::string type, full_name;
};
std::vector<GroupRepoRow> group_repos(pqxx::transaction_base& tx, const std::string& group_id);

// False when the org has a group of that name.
bool insert_group(pqxx::work& tx, const std::string& id, const std::string& org_id, const std::string& name,
                  const std::string& description);
// The id of the member of the org with this name, or nullopt.
std::optional<std::string> find_org_member_id(pqxx::transaction_base& tx, const std::string& name,
                                              const std::string& org_id);
void upsert_group_member(pqxx::work& tx, const std::string& group_id, const std::string& user_id,
                         std::string_view role);
// Puts the repo into the group (out of any other); false when there is no such repo.
bool move_repo_to_group(pqxx::work& tx, const std::string& group_id, const std::string& type, const std::string& ns,
                        const std::string& name);

}  // namespace hub::auth
