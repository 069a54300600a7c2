// Resource groups of an org (app/groups.hpp).
#include "common/http/handler_support.hpp"
#include "services/auth/api/route_groups.hpp"
#include "services/auth/app/groups.hpp"

namespace hub::auth {
namespace {

// The entries of body[key] (1 to 100 of them), each read by `read`. An entry that cannot be read
// keeps its error for its turn (app/groups.hpp), so it is caught here rather than thrown.
template <class Change>
std::vector<Change> read_entries(const json::Value& body, const char* key,
                                 void (*read)(const json::Value& entry, Change& change)) {
  const json::Value* entries = json::get_array(body, key).or_throw();
  if (entries->Size() == 0 || entries->Size() > 100) {
    throw ApiError(ErrorCode::kBadRequest, std::string(key) + " has 1 to 100 entries");
  }
  std::vector<Change> changes;
  for (const auto& entry : entries->GetArray()) {
    Change change;
    try {
      read(entry, change);
    } catch (const ApiError& e) {
      change.unreadable = e;
    }
    changes.push_back(std::move(change));
  }
  return changes;
}

std::string text(const json::Value& entry, const char* key) {
  return std::string(json::get_string(entry, key).or_throw());
}

void read_member(const json::Value& u, GroupMemberChange& change) {
  if (!u.IsObject()) throw ApiError(ErrorCode::kBadRequest, "each entry is {user, role}");
  change.user = text(u, "user");
  change.role = text(u, "role");
}

void read_repo(const json::Value& r, GroupRepoChange& change) {
  if (!r.IsObject()) throw ApiError(ErrorCode::kBadRequest, "each entry is {type, name}");
  change.type = text(r, "type");
  change.full_name = text(r, "name");
}

}  // namespace

http::Response list_groups_route(service::Context& ctx, http::Request& req) {
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

http::Response create_group_route(service::Context& ctx, http::Request& req) {
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

http::Response add_group_users_route(service::Context& ctx, Invalidator& invalidator, http::Request& req) {
  const access::Identity& who = http::require_user(req);
  const auto users = read_entries<GroupMemberChange>(http::json_body(req), "users", read_member);
  add_group_users(ctx.db, invalidator, who, req.param("org"), req.param("id"), users);
  return http::Response::json(200, R"({"success":true})");
}

http::Response add_group_repos_route(service::Context& ctx, Invalidator& invalidator, http::Request& req) {
  const access::Identity& who = http::require_user(req);
  const auto repos = read_entries<GroupRepoChange>(http::json_body(req), "repos", read_repo);
  add_group_repos(ctx.db, invalidator, who, req.param("org"), req.param("id"), repos);
  return http::Response::json(200, R"({"success":true})");
}

}  // namespace hub::auth
