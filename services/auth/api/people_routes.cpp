// POST /internal/readable-repos: body {userId, repoIds}; answers {readable:[ids]} — of those repos,
// the ones the user may read now (the inbox's check when it is read).
// POST /internal/repo-people: the roles of named people on one repo, for the services that decide
// whose review counts or who may be notified (app/repo_people.hpp). Body {repo:{type, namespace,
// name}, userIds?, userNames?, groups? (org/group)}; answers {users:[{id, name, role}],
// groups:[{name, members:[…]}]}.
#include "common/http/handler_support.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/api/route_groups.hpp"
#include "services/auth/app/repo_people.hpp"

namespace hub::auth {
namespace {

std::vector<std::string> strings(const json::Value& body, std::string_view key, std::size_t& total,
                                 std::size_t limit = kMaxPeoplePerQuery) {
  std::vector<std::string> out;
  const json::Value* list = json::find(body, key);
  if (list == nullptr) return out;
  if (!list->IsArray()) throw ApiError(ErrorCode::kBadRequest, std::string(key) + " is an array");
  for (const auto& v : list->GetArray()) {
    if (!v.IsString()) throw ApiError(ErrorCode::kBadRequest, std::string(key) + " holds strings");
    out.emplace_back(v.GetString(), v.GetStringLength());
  }
  total += out.size();
  if (total > limit) {
    throw ApiError(ErrorCode::kBadRequest, "at most " + std::to_string(limit) + " " + std::string(key) + " per query");
  }
  return out;
}

void write_person(json::Writer& w, const RepoPerson& p) {
  w.begin_object().field("id", p.id).field("name", p.name).field("role", access::role_name(p.role)).end_object();
}

}  // namespace

http::Response repo_people_route(service::Context& ctx, http::Request& req) {
  auto body = http::json_body(req);
  const json::Value* repo = json::get_object(body, "repo").or_throw();
  RepoPeopleQuery query;
  query.repo.repo_type = std::string(json::get_string(*repo, "type").or_throw());
  query.repo.owner = std::string(json::get_string(*repo, "namespace").or_throw());
  query.repo.repo_name = std::string(json::get_string(*repo, "name").or_throw());
  std::size_t total = 0;
  query.user_ids = strings(body, "userIds", total);
  for (const auto& id : query.user_ids)
    if (!util::is_uuid(id)) throw ApiError(ErrorCode::kBadRequest, "userIds holds UUIDs");
  query.user_names = strings(body, "userNames", total);
  query.groups = strings(body, "groups", total);
  const RepoPeople people = repo_people(ctx.db, query);
  json::Writer w;
  w.begin_object().key("users").begin_array();
  for (const auto& p : people.users)
    write_person(w, p);
  w.end_array().key("groups").begin_array();
  for (const auto& g : people.groups) {
    w.begin_object().field("name", g.name).key("members").begin_array();
    for (const auto& p : g.members)
      write_person(w, p);
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return http::Response::json(200, w.str());
}

http::Response readable_repos_route(service::Context& ctx, http::Request& req) {
  auto body = http::json_body(req);
  const std::string user_id(json::get_string(body, "userId").or_throw());
  if (!util::is_uuid(user_id)) throw ApiError(ErrorCode::kBadRequest, "userId is a UUID");
  std::size_t total = 0;
  const auto repo_ids = strings(body, "repoIds", total, kMaxReposPerQuery);
  for (const auto& id : repo_ids)
    if (!util::is_uuid(id)) throw ApiError(ErrorCode::kBadRequest, "repoIds holds UUIDs");
  json::Writer w;
  w.begin_object().key("readable").begin_array();
  for (const auto& id : readable_repos(ctx.db, user_id, repo_ids))
    w.value(id);
  w.end_array().end_object();
  return http::Response::json(200, w.str());
}

}  // namespace hub::auth
