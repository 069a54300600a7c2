// Resource groups: an org's teams. Org admins create them, put members in them with a role, and put
// the org's repos in them (a repo is in at most one: adding it to a group moves it there). Members of
// the org see the groups.
#include "common/db/transaction.hpp"
#include "common/util/strings.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/audit.hpp"
#include "services/auth/auth_service.hpp"
#include "services/auth/directory.hpp"

namespace hub::auth {
namespace {

constexpr std::string_view kAdminsOnly = "only an admin of the organization manages groups";

std::string group_in(pqxx::work& tx, const OrgAccess& org, std::string_view id) {
  if (!util::is_uuid(id)) throw ApiError(ErrorCode::kNotFound, "no such resource group");
  auto r = tx.exec_params("SELECT id FROM auth.resource_groups WHERE id = $1 AND org_id = $2", std::string(id), org.id);
  if (r.empty()) throw ApiError(ErrorCode::kNotFound, "no such resource group");
  return r[0][0].as<std::string>();
}

http::Response list_groups(service::Context& ctx, http::Request& req) {
  const access::Identity& who = require_user(req);
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    OrgAccess org = org_access(tx, req.param("org"), who.user_id);
    if (org.role.empty()) throw ApiError(ErrorCode::kForbidden, "only members see the groups");
    auto groups = tx.exec_params(
        "SELECT id, name, description FROM auth.resource_groups WHERE org_id = $1 ORDER BY lower(name)", org.id);
    json::Writer w;
    w.begin_array();
    for (const auto& g : groups) {
      const std::string id = g[0].as<std::string>();
      w.begin_object()
          .field("id", id)
          .field("name", g[1].as<std::string>())
          .field("description", g[2].as<std::string>());
      w.key("users").begin_array();
      for (const auto& u : tx.exec_params("SELECT u.name, gm.role FROM auth.group_members gm JOIN auth.users u ON "
                                          "u.id = gm.user_id WHERE gm.group_id = $1 ORDER BY lower(u.name)",
                                          id)) {
        w.begin_object().field("user", u[0].as<std::string>()).field("role", u[1].as<std::string>()).end_object();
      }
      w.end_array().key("repos").begin_array();
      for (const auto& r : tx.exec_params("SELECT type, namespace || '/' || name FROM auth.repos WHERE "
                                          "resource_group_id = $1 ORDER BY lower(name)",
                                          id)) {
        w.begin_object().field("type", r[0].as<std::string>()).field("name", r[1].as<std::string>()).end_object();
      }
      w.end_array().end_object();
    }
    w.end_array();
    return http::Response::json(200, w.str());
  });
}

http::Response create_group(service::Context& ctx, http::Request& req) {
  const access::Identity& who = require_user(req);
  auto body = json_body(req);
  const std::string name(json::get_string(body, "name").or_throw());
  if (name.empty() || name.size() > 100) throw ApiError(ErrorCode::kBadRequest, "name has 1 to 100 characters");
  auto description = json::get_optional_string(body, "description").or_throw();
  if (description && description->size() > 1000) {
    throw ApiError(ErrorCode::kBadRequest, "description has at most 1000 characters");
  }
  const std::string id = util::uuid4();
  db::transact(ctx.db, [&](pqxx::work& tx) {
    OrgAccess org = require_org_admin(tx, req.param("org"), who.user_id, kAdminsOnly);
    try {
      tx.exec_params("INSERT INTO auth.resource_groups (id, org_id, name, description) VALUES ($1, $2, $3, $4)", id,
                     org.id, name, std::string(description.value_or("")));
    } catch (const pqxx::unique_violation&) {
      throw ApiError(ErrorCode::kConflict, "the organization has a group of that name");
    }
    AuditEntry entry = audit_from(req, "org.group.create", name);
    entry.org_id = org.id;
    audit(tx, entry);
  });
  json::Writer w;
  w.begin_object().field("id", id).field("name", name).field("description", description.value_or(""));
  w.key("users").begin_array().end_array().key("repos").begin_array().end_array().end_object();
  return http::Response::json(201, w.str());
}

http::Response add_users(service::Context& ctx, const AuthConfig& config, http::Request& req) {
  const access::Identity& who = require_user(req);
  auto body = json_body(req);
  const json::Value* users = json::get_array(body, "users").or_throw();
  if (users->Size() == 0 || users->Size() > 100) throw ApiError(ErrorCode::kBadRequest, "users has 1 to 100 entries");
  std::vector<std::string> changed;
  db::transact(ctx.db, [&](pqxx::work& tx) {
    OrgAccess org = require_org_admin(tx, req.param("org"), who.user_id, kAdminsOnly);
    const std::string group = group_in(tx, org, req.param("id"));
    for (const auto& u : users->GetArray()) {
      if (!u.IsObject()) throw ApiError(ErrorCode::kBadRequest, "each entry is {user, role}");
      const std::string name(json::get_string(u, "user").or_throw());
      const std::string role(json::get_string(u, "role").or_throw());
      if (role != "read" && role != "contributor" && role != "write" && role != "admin") {
        throw ApiError(ErrorCode::kBadRequest, "role is read, contributor, write or admin");
      }
      // Only the org's members join its groups.
      auto m = tx.exec_params(
          "SELECT u.id FROM auth.users u JOIN auth.memberships m ON m.user_id = u.id AND m.org_id = $2 "
          "WHERE lower(u.name) = lower($1)",
          name, org.id);
      if (m.empty()) throw ApiError(ErrorCode::kBadRequest, name + " is not a member of the organization");
      tx.exec_params(
          "INSERT INTO auth.group_members (group_id, user_id, role) VALUES ($1, $2, $3) "
          "ON CONFLICT (group_id, user_id) DO UPDATE SET role = EXCLUDED.role",
          group, m[0][0].as<std::string>(), role);
      changed.push_back(m[0][0].as<std::string>());
      AuditEntry entry = audit_from(req, "org.group.member", name);
      entry.org_id = org.id;
      json::Writer d;
      d.begin_object().field("group", group).field("role", role).end_object();
      entry.details_json = d.str();
      audit(tx, entry);
    }
  });
  for (const auto& user : changed)
    config.invalidator->user_changed(user);
  return http::Response::json(200, R"({"success":true})");
}

http::Response add_repos(service::Context& ctx, const AuthConfig& config, http::Request& req) {
  const access::Identity& who = require_user(req);
  auto body = json_body(req);
  const json::Value* repos = json::get_array(body, "repos").or_throw();
  if (repos->Size() == 0 || repos->Size() > 100) throw ApiError(ErrorCode::kBadRequest, "repos has 1 to 100 entries");
  db::transact(ctx.db, [&](pqxx::work& tx) {
    OrgAccess org = require_org_admin(tx, req.param("org"), who.user_id, kAdminsOnly);
    const std::string group = group_in(tx, org, req.param("id"));
    for (const auto& r : repos->GetArray()) {
      if (!r.IsObject()) throw ApiError(ErrorCode::kBadRequest, "each entry is {type, name}");
      const std::string type(json::get_string(r, "type").or_throw());
      const std::string full(json::get_string(r, "name").or_throw());
      const auto slash = full.find('/');
      if (slash == std::string::npos) throw ApiError(ErrorCode::kBadRequest, "name is namespace/repo");
      // Only the org's own repos; another org's is simply not there.
      const bool ours = util::iequals(full.substr(0, slash), org.name);
      if (!ours || tx.exec_params("UPDATE auth.repos SET resource_group_id = $1, updated_at = now() WHERE type = $2 "
                                  "AND lower(namespace) = lower($3) AND lower(name) = lower($4) RETURNING id",
                                  group, type, full.substr(0, slash), full.substr(slash + 1))
                       .empty()) {
        throw ApiError(ErrorCode::kNotFound, "no repo " + full + " in the organization");
      }
      AuditEntry entry = audit_from(req, "org.group.repo", type + ":" + full);
      entry.org_id = org.id;
      json::Writer d;
      d.begin_object().field("group", group).end_object();
      entry.details_json = d.str();
      audit(tx, entry);
    }
  });
  config.invalidator->everything_changed();
  return http::Response::json(200, R"({"success":true})");
}

}  // namespace

void install_groups(service::Context& ctx, http::RouteDispatcher& routes, const AuthConfig& config) {
  routes.add("GET", "/api/organizations/{org}/resource-groups",
             [&ctx](http::Request& r) { return list_groups(ctx, r); });
  routes.add("POST", "/api/organizations/{org}/resource-groups",
             [&ctx](http::Request& r) { return create_group(ctx, r); });
  routes.add("POST", "/api/organizations/{org}/resource-groups/{id}/users",
             [&ctx, config](http::Request& r) { return add_users(ctx, config, r); });
  routes.add("POST", "/api/organizations/{org}/resource-groups/{id}/repos",
             [&ctx, config](http::Request& r) { return add_repos(ctx, config, r); });
}

}  // namespace hub::auth
