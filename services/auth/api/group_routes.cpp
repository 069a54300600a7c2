// Resource groups of an org (app/groups.hpp).
#include "common/http/handler_support.hpp"
#include "services/auth/api/route_groups.hpp"
#include "services/auth/app/groups.hpp"

namespace hub::auth {
namespace {

http::Response list(service::Context& ctx, http::Request& req) {
  const access::Identity& who = http::require_user(req);
  const auto groups = list_groups(ctx.db, who, req.param("org"));
  json::Writer w;
  w.begin_array();
  for (const auto& g : groups) {
    w.begin_object().field("id", g.group.id).field("name", g.group.name).field("description", g.group.description);
    w.key("users").begin_array();
    for (const auto& u : g.users)
      w.begin_object().field("user", u.user).field("role", u.role).end_object();
    w.end_array().key("repos").begin_array();
    for (const auto& r : g.repos)
      w.begin_object().field("type", r.type).field("name", r.full_name).end_object();
    w.end_array().end_object();
  }
  w.end_array();
  return http::Response::json(200, w.str());
}

http::Response create(service::Context& ctx, http::Request& req) {
  const access::Identity& who = http::require_user(req);
  auto body = http::json_body(req);
  const std::string name(json::get_string(body, "name").or_throw());
  if (name.empty() || name.size() > 100) throw ApiError(ErrorCode::kBadRequest, "name has 1 to 100 characters");
  auto description = json::get_optional_string(body, "description").or_throw();
  if (description && description->size() > 1000) {
    throw ApiError(ErrorCode::kBadRequest, "description has at most 1000 characters");
  }
  const std::string id = create_group(ctx.db, who, req.param("org"), name, std::string(description.value_or("")));
  json::Writer w;
  w.begin_object().field("id", id).field("name", name).field("description", description.value_or(""));
  w.key("users").begin_array().end_array().key("repos").begin_array().end_array().end_object();
  return http::Response::json(201, w.str());
}

// Entries are read here; one that cannot be read keeps its error for its turn (app/groups.hpp).
GroupMemberChange member_change(const json::Value& u) {
  GroupMemberChange change;
  try {
    if (!u.IsObject()) throw ApiError(ErrorCode::kBadRequest, "each entry is {user, role}");
    change.user = std::string(json::get_string(u, "user").or_throw());
    change.role = std::string(json::get_string(u, "role").or_throw());
  } catch (const ApiError& e) {
    change.unreadable = e;
  }
  return change;
}

GroupRepoChange repo_change(const json::Value& r) {
  GroupRepoChange change;
  try {
    if (!r.IsObject()) throw ApiError(ErrorCode::kBadRequest, "each entry is {type, name}");
    change.type = std::string(json::get_string(r, "type").or_throw());
    change.full_name = std::string(json::get_string(r, "name").or_throw());
  } catch (const ApiError& e) {
    change.unreadable = e;
  }
  return change;
}

http::Response add_users(service::Context& ctx, Invalidator& invalidator, http::Request& req) {
  const access::Identity& who = http::require_user(req);
  auto body = http::json_body(req);
  const json::Value* users = json::get_array(body, "users").or_throw();
  if (users->Size() == 0 || users->Size() > 100) throw ApiError(ErrorCode::kBadRequest, "users has 1 to 100 entries");
  std::vector<GroupMemberChange> changes;
  for (const auto& u : users->GetArray())
    changes.push_back(member_change(u));
  add_group_users(ctx.db, invalidator, who, req.param("org"), req.param("id"), changes);
  return http::Response::json(200, R"({"success":true})");
}

http::Response add_repos(service::Context& ctx, Invalidator& invalidator, http::Request& req) {
  const access::Identity& who = http::require_user(req);
  auto body = http::json_body(req);
  const json::Value* repos = json::get_array(body, "repos").or_throw();
  if (repos->Size() == 0 || repos->Size() > 100) throw ApiError(ErrorCode::kBadRequest, "repos has 1 to 100 entries");
  std::vector<GroupRepoChange> changes;
  for (const auto& r : repos->GetArray())
    changes.push_back(repo_change(r));
  add_group_repos(ctx.db, invalidator, who, req.param("org"), req.param("id"), changes);
  return http::Response::json(200, R"({"success":true})");
}

}  // namespace

void install_group_routes(service::Context& ctx, http::RouteDispatcher& routes, const InvalidatorPtr& invalidator) {
  routes.add("GET", "/api/organizations/{org}/resource-groups", [&ctx](http::Request& r) { return list(ctx, r); });
  routes.add("POST", "/api/organizations/{org}/resource-groups", [&ctx](http::Request& r) { return create(ctx, r); });
  routes.add("POST", "/api/organizations/{org}/resource-groups/{id}/users",
             [&ctx, invalidator](http::Request& r) { return add_users(ctx, *invalidator, r); });
  routes.add("POST", "/api/organizations/{org}/resource-groups/{id}/repos",
             [&ctx, invalidator](http::Request& r) { return add_repos(ctx, *invalidator, r); });
}

}  // namespace hub::auth
