// Organizations and their members. Roles rank read < contributor < write < admin; an admin manages
// members and roles, anyone may leave, and no change may leave an org without an admin. Every change
// tells the gateways that decisions about the member are stale.
#include "common/db/transaction.hpp"
#include "common/domain/names.hpp"
#include "common/log/log.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/audit.hpp"
#include "services/auth/auth_service.hpp"
#include "services/auth/directory.hpp"

namespace hub::auth {
namespace {

bool valid_role(std::string_view role) {
  return role == "read" || role == "contributor" || role == "write" || role == "admin";
}

http::Response create_org(service::Context& ctx, http::Request& req) {
  const access::Identity& who = require_user(req);
  auto body = json_body(req);
  const std::string name(json::get_string(body, "name").or_throw());
  domain::check_account_name(name).or_throw();
  auto fullname = json::get_optional_string(body, "fullname").or_throw();
  if (fullname && fullname->size() > 200) throw ApiError(ErrorCode::kBadRequest, "fullname has at most 200 characters");
  const std::string id = util::uuid4();
  db::transact(ctx.db, [&](pqxx::work& tx) {
    require_writing_credential(tx, who);
    lock_name(tx, name);
    if (name_taken(tx, name)) {
      throw ApiError(ErrorCode::kConflict, "the name '" + name + "' is taken");
    }
    tx.exec_params("INSERT INTO auth.orgs (id, name, fullname, created_by) VALUES ($1, $2, $3, $4)", id, name,
                   std::string(fullname.value_or("")), who.user_id);
    tx.exec_params("INSERT INTO auth.memberships (org_id, user_id, role) VALUES ($1, $2, 'admin')", id, who.user_id);
    AuditEntry entry = audit_from(req, "org.create", name);
    entry.org_id = id;
    audit(tx, entry);
  });
  log::info("organization created", {{"org", id}, {"user", who.user_id}, {"requestId", req.ctx.request_id}});
  json::Writer w;
  w.begin_object().field("id", id).field("type", "org").field("name", name).field("fullname", fullname.value_or(""));
  w.end_object();
  return http::Response::json(201, w.str());
}

http::Response get_org(service::Context& ctx, http::Request& req) {
  const std::string caller = req.ctx.identity ? req.ctx.identity->user_id : std::string();
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    const OrgAccess org = org_access(tx, req.param("org"), caller);
    const auto members = tx.exec_params("SELECT count(*) FROM auth.memberships WHERE org_id = $1", org.id)[0][0];
    json::Writer w;
    w.begin_object()
        .field("id", org.id)
        .field("type", "org")
        .field("name", org.name)
        .field("fullname", org.fullname)
        .field("avatarUrl", "")
        .field("numMembers", members.as<std::int64_t>());
    if (!org.role.empty()) w.field("roleInOrg", org.role);
    w.end_object();
    return http::Response::json(200, w.str());
  });
}

http::Response list_members(service::Context& ctx, http::Request& req) {
  const access::Identity& who = require_user(req);
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    const OrgAccess org = org_access(tx, req.param("org"), who.user_id);
    if (org.role.empty()) throw ApiError(ErrorCode::kForbidden, "only members see the member list");
    auto rows = tx.exec_params(
        "SELECT u.name, u.fullname, m.role FROM auth.memberships m JOIN auth.users u ON u.id = m.user_id "
        "WHERE m.org_id = $1 ORDER BY lower(u.name)",
        org.id);
    json::Writer w;
    w.begin_array();
    for (const auto& row : rows) {
      w.begin_object()
          .field("user", row[0].as<std::string>())
          .field("fullname", row[1].as<std::string>())
          .field("avatarUrl", "")
          .field("type", "user")
          .field("role", row[2].as<std::string>())
          .end_object();
    }
    w.end_array();
    return http::Response::json(200, w.str());
  });
}

// Fails when removing or demoting `user_id` would leave the org without an admin.
void keep_an_admin(pqxx::work& tx, const std::string& org_id, const std::string& user_id) {
  // Lock the org's admin rows so two concurrent demotions cannot both see another admin.
  auto admins =
      tx.exec_params("SELECT user_id FROM auth.memberships WHERE org_id = $1 AND role = 'admin' FOR UPDATE", org_id);
  bool other = false;
  for (const auto& row : admins)
    other = other || row[0].as<std::string>() != user_id;
  if (!other) throw ApiError(ErrorCode::kConflict, "an organization keeps at least one admin");
}

http::Response set_role(service::Context& ctx, const AuthConfig& config, http::Request& req) {
  const access::Identity& who = require_user(req);
  auto body = json_body(req);
  const std::string role(json::get_string(body, "role").or_throw());
  if (!valid_role(role)) throw ApiError(ErrorCode::kBadRequest, "role is read, contributor, write or admin");
  std::string member_id;
  db::transact(ctx.db, [&](pqxx::work& tx) {
    require_writing_credential(tx, who);
    const OrgAccess org =
        require_org_admin(tx, req.param("org"), who.user_id, "only an admin of the organization changes roles");
    member_id = user_id_by_name(tx, req.param("user"));
    if (role != "admin" && role_in_org(tx, org.id, member_id) == "admin") keep_an_admin(tx, org.id, member_id);
    tx.exec_params(
        "INSERT INTO auth.memberships (org_id, user_id, role) VALUES ($1, $2, $3) "
        "ON CONFLICT (org_id, user_id) DO UPDATE SET role = EXCLUDED.role",
        org.id, member_id, role);
    AuditEntry entry = audit_from(req, "org.member.role", std::string(req.param("user")));
    entry.org_id = org.id;
    json::Writer d;
    d.begin_object().field("role", role).end_object();
    entry.details_json = d.str();
    audit(tx, entry);
  });
  config.invalidator->user_changed(member_id);
  return http::Response::json(200, R"({"success":true})");
}

http::Response remove_member(service::Context& ctx, const AuthConfig& config, http::Request& req) {
  const access::Identity& who = require_user(req);
  std::string member_id;
  db::transact(ctx.db, [&](pqxx::work& tx) {
    require_writing_credential(tx, who);
    const OrgAccess org = org_access(tx, req.param("org"), who.user_id);
    member_id = user_id_by_name(tx, req.param("user"));
    if (member_id != who.user_id && org.role != "admin") {
      throw ApiError(ErrorCode::kForbidden, "only an admin of the organization removes others");
    }
    const std::string current = member_id == who.user_id ? org.role : role_in_org(tx, org.id, member_id);
    if (current.empty()) throw ApiError(ErrorCode::kNotFound, "not a member");
    if (current == "admin") keep_an_admin(tx, org.id, member_id);
    tx.exec_params("DELETE FROM auth.memberships WHERE org_id = $1 AND user_id = $2", org.id, member_id);
    AuditEntry entry = audit_from(req, "org.member.remove", std::string(req.param("user")));
    entry.org_id = org.id;
    audit(tx, entry);
  });
  config.invalidator->user_changed(member_id);
  return http::Response::empty(204);
}

}  // namespace

void install_orgs(service::Context& ctx, http::RouteDispatcher& routes, const AuthConfig& config) {
  routes.add("POST", "/api/organizations", [&ctx](http::Request& r) { return create_org(ctx, r); });
  routes.add("GET", "/api/organizations/{org}", [&ctx](http::Request& r) { return get_org(ctx, r); });
  routes.add("GET", "/api/organizations/{org}/members", [&ctx](http::Request& r) { return list_members(ctx, r); });
  routes.add("PUT", "/api/organizations/{org}/members/{user}/role",
             [&ctx, config](http::Request& r) { return set_role(ctx, config, r); });
  routes.add("DELETE", "/api/organizations/{org}/members/{user}",
             [&ctx, config](http::Request& r) { return remove_member(ctx, config, r); });
}

}  // namespace hub::auth
