// The org use cases.
#include "services/auth/app/orgs.hpp"

#include "common/db/transaction.hpp"
#include "common/error/api_error.hpp"
#include "common/events/catalog.hpp"
#include "common/events/outbox.hpp"
#include "common/json/json.hpp"
#include "common/log/log.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/app/audit_trail.hpp"
#include "services/auth/domain/decide.hpp"
#include "services/auth/store/user_store.hpp"

namespace hub::auth {
namespace {

// Fails when removing or demoting `user_id` would leave the org without an admin.
void keep_an_admin(pqxx::work& tx, const std::string& org_id, const std::string& user_id) {
  bool other = false;
  for (const auto& admin : lock_admins(tx, org_id))
    other = other || admin != user_id;
  if (!other) throw ApiError(ErrorCode::kConflict, "an organization keeps at least one admin");
}

}  // namespace

std::string create_org(db::Pool& db, const access::Identity& who, const NewOrg& org, const std::string& request_id) {
  std::string id = util::uuid4();
  db::transact(db, [&](pqxx::work& tx) {
    require_writing_credential(tx, who);
    lock_name(tx, org.name);
    if (name_taken(tx, org.name)) {
      throw ApiError(ErrorCode::kConflict, "the name '" + org.name + "' is taken");
    }
    insert_org(tx, id, org.name, org.fullname, who.user_id);
    AuditEntry entry = audit_by(who, "org.create", org.name);
    entry.org_id = id;
    audit(tx, entry);
  });
  log::info("organization created", {{"org", id}, {"user", who.user_id}, {"requestId", request_id}});
  return id;
}

OrgCard get_org(db::Pool& db, std::string_view org, const std::string& caller_id) {
  return db::transact(db, [&](pqxx::work& tx) {
    OrgCard card{org_access(tx, org, caller_id), 0};
    card.members = count_members(tx, card.org.id);
    return card;
  });
}

std::vector<MemberRow> org_members(db::Pool& db, std::string_view org, const access::Identity& who) {
  return db::transact(db, [&](pqxx::work& tx) {
    const OrgAccess in_org = org_access(tx, org, who.user_id);
    if (!in_org.member()) throw ApiError(ErrorCode::kForbidden, "only members see the member list");
    return list_members(tx, in_org.id);
  });
}

void set_member_role(db::Pool& db, Invalidator& invalidator, const access::Identity& who, std::string_view org,
                     std::string_view user, access::MemberRole role) {
  const std::string_view role_name = access::member_role_name(role);
  std::string member_id;
  db::transact(db, [&](pqxx::work& tx) {
    require_writing_credential(tx, who);
    const OrgAccess in_org = require_org_admin(tx, org, who.user_id, "only an admin of the organization changes roles");
    member_id = user_id_by_name(tx, user);
    if (role != access::MemberRole::kAdmin &&
        stored_member_role(stored_role_in_org(tx, in_org.id, member_id)) == access::MemberRole::kAdmin) {
      keep_an_admin(tx, in_org.id, member_id);
    }
    upsert_membership(tx, in_org.id, member_id, role_name);
    AuditEntry entry = audit_by(who, "org.member.role", std::string(user));
    entry.org_id = in_org.id;
    json::Writer d;
    d.begin_object().field("role", role_name).end_object();
    entry.details_json = d.str();
    audit(tx, entry);
  });
  invalidator.user_changed(member_id);
}

void remove_member(db::Pool& db, Invalidator& invalidator, const access::Identity& who, std::string_view org,
                   std::string_view user) {
  std::string member_id;
  db::transact(db, [&](pqxx::work& tx) {
    require_writing_credential(tx, who);
    const OrgAccess in_org = org_access(tx, org, who.user_id);
    member_id = user_id_by_name(tx, user);
    if (member_id != who.user_id && !in_org.admin()) {
      throw ApiError(ErrorCode::kForbidden, "only an admin of the organization removes others");
    }
    const std::string current =
        member_id == who.user_id ? in_org.role_name : stored_role_in_org(tx, in_org.id, member_id);
    if (current.empty()) throw ApiError(ErrorCode::kNotFound, "not a member");
    if (stored_member_role(current) == access::MemberRole::kAdmin) keep_an_admin(tx, in_org.id, member_id);
    delete_membership(tx, in_org.id, member_id);
    // What only readers may hold (bug assignments) is checked again by those who keep it.
    auto removed = events::make_event(events::OrgMemberRemoved{in_org.id, in_org.name, member_id, std::string(user)});
    if (!who.anonymous()) removed.actor = events::Actor{who.user_id, who.user_name};
    events::append(tx, "auth", removed);
    AuditEntry entry = audit_by(who, "org.member.remove", std::string(user));
    entry.org_id = in_org.id;
    audit(tx, entry);
  });
  invalidator.user_changed(member_id);
}

}  // namespace hub::auth
