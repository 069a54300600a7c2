// The resource group use cases.
#include "services/auth/app/groups.hpp"

#include "common/db/transaction.hpp"
#include "common/error/api_error.hpp"
#include "common/json/json.hpp"
#include "common/util/strings.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/app/access_checks.hpp"
#include "services/auth/app/audit_trail.hpp"
#include "services/auth/domain/member_roles.hpp"

namespace hub::auth {
namespace {

constexpr std::string_view kAdminsOnly = "only an admin of the organization manages groups";

std::string group_in(pqxx::work& tx, const OrgAccess& org, std::string_view id) {
  if (!util::is_uuid(id)) throw ApiError(ErrorCode::kNotFound, "no such resource group");
  auto group = find_group(tx, std::string(id), org.id);
  if (!group) throw ApiError(ErrorCode::kNotFound, "no such resource group");
  return *group;
}

}  // namespace

std::vector<GroupView> list_groups(db::Pool& db, const access::Identity& who, std::string_view org) {
  return db::transact(db, [&](pqxx::work& tx) {
    OrgAccess in_org = org_access(tx, org, who.user_id);
    if (!in_org.member()) throw ApiError(ErrorCode::kForbidden, "only members see the groups");
    std::vector<GroupView> out;
    for (auto& g : groups_of_org(tx, in_org.id)) {
      GroupView v{std::move(g), {}, {}};
      v.users = group_members(tx, v.group.id);
      v.repos = group_repos(tx, v.group.id);
      out.push_back(std::move(v));
    }
    return out;
  });
}

std::string create_group(db::Pool& db, const access::Identity& who, std::string_view org, const std::string& name,
                         const std::string& description) {
  std::string id = util::uuid4();
  db::transact(db, [&](pqxx::work& tx) {
    OrgAccess in_org = require_org_admin(tx, org, who.user_id, kAdminsOnly);
    if (!insert_group(tx, id, in_org.id, name, description)) {
      throw ApiError(ErrorCode::kConflict, "the organization has a group of that name");
    }
    AuditEntry entry = audit_by(who, "org.group.create", name);
    entry.org_id = in_org.id;
    audit(tx, entry);
  });
  return id;
}

void add_group_users(db::Pool& db, Invalidator& invalidator, const access::Identity& who, std::string_view org,
                     std::string_view group_id, const std::vector<GroupMemberChange>& users) {
  std::vector<std::string> changed;
  db::transact(db, [&](pqxx::work& tx) {
    OrgAccess in_org = require_org_admin(tx, org, who.user_id, kAdminsOnly);
    const std::string group = group_in(tx, in_org, group_id);
    for (const auto& u : users) {
      if (u.unreadable) throw *u.unreadable;
      if (!parse_assignable_role(u.role)) {
        throw ApiError(ErrorCode::kBadRequest, "role is read, contributor, write or admin");
      }
      // Only the org's members join its groups.
      auto member = find_org_member_id(tx, u.user, in_org.id);
      if (!member) throw ApiError(ErrorCode::kBadRequest, u.user + " is not a member of the organization");
      upsert_group_member(tx, group, *member, u.role);
      changed.push_back(*member);
      AuditEntry entry = audit_by(who, "org.group.member", u.user);
      entry.org_id = in_org.id;
      json::Writer d;
      d.begin_object().field("group", group).field("role", u.role).end_object();
      entry.details_json = d.str();
      audit(tx, entry);
    }
  });
  for (const auto& user : changed)
    invalidator.user_changed(user);
}

void add_group_repos(db::Pool& db, Invalidator& invalidator, const access::Identity& who, std::string_view org,
                     std::string_view group_id, const std::vector<GroupRepoChange>& repos) {
  db::transact(db, [&](pqxx::work& tx) {
    OrgAccess in_org = require_org_admin(tx, org, who.user_id, kAdminsOnly);
    const std::string group = group_in(tx, in_org, group_id);
    for (const auto& r : repos) {
      if (r.unreadable) throw *r.unreadable;
      const auto slash = r.full_name.find('/');
      if (slash == std::string::npos) throw ApiError(ErrorCode::kBadRequest, "name is namespace/repo");
      // Only the org's own repos; another org's is simply not there.
      const bool ours = util::iequals(r.full_name.substr(0, slash), in_org.name);
      if (!ours ||
          !move_repo_to_group(tx, group, r.type, r.full_name.substr(0, slash), r.full_name.substr(slash + 1))) {
        throw ApiError(ErrorCode::kNotFound, "no repo " + r.full_name + " in the organization");
      }
      AuditEntry entry = audit_by(who, "org.group.repo", r.type + ":" + r.full_name);
      entry.org_id = in_org.id;
      json::Writer d;
      d.begin_object().field("group", group).end_object();
      entry.details_json = d.str();
      audit(tx, entry);
    }
  });
  invalidator.everything_changed();
}

}  // namespace hub::auth
