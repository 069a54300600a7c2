// The repo registry's internal side: PUT/DELETE /internal/repos/{id} from repos, and
// POST /internal/decide for anyone deciding (app/registry.hpp).
#include "common/domain/names.hpp"
#include "common/domain/repo_type.hpp"
#include "common/http/handler_support.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/api/route_groups.hpp"
#include "services/auth/app/registry.hpp"

namespace hub::auth {
http::Response put_repo_route(service::Context& ctx, Invalidator& invalidator, http::Request& req) {
  RegisteredRepo repo;
  repo.id = std::string(req.param("id"));
  if (!util::is_uuid(repo.id)) throw ApiError(ErrorCode::kBadRequest, "a repo id is a UUID");
  auto body = http::json_body(req);
  repo.type = std::string(json::get_string(body, "type").or_throw());
  repo.ns = std::string(json::get_string(body, "namespace").or_throw());
  repo.name = std::string(json::get_string(body, "name").or_throw());
  repo.is_private = json::get_bool(body, "private").or_throw();
  auto creator = json::get_optional_string(body, "creatorId").or_throw();
  if (!domain::parse_repo_type(repo.type)) throw ApiError(ErrorCode::kBadRequest, "type is model, dataset or space");
  domain::check_namespace(repo.ns).or_throw();
  domain::check_repo_name(repo.name).or_throw();
  if (creator && !util::is_uuid(*creator)) throw ApiError(ErrorCode::kBadRequest, "creatorId is a UUID");
  repo.creator_id = std::string(creator.value_or(""));
  register_repo(ctx.db, invalidator, repo);
  return http::Response::empty(204);
}

http::Response delete_repo_route(service::Context& ctx, Invalidator& invalidator, http::Request& req) {
  const std::string id(req.param("id"));
  if (!util::is_uuid(id)) throw ApiError(ErrorCode::kNotFound, "no such repo");
  unregister_repo(ctx.db, invalidator, id);
  return http::Response::empty(204);
}

http::Response decide_route(service::Context& ctx, http::Request& req) {
  auto body = http::json_body(req);
  const json::Value* repo = json::get_object(body, "repo").or_throw();
  DecideRequest command;
  command.repo.repo_type = std::string(json::get_string(*repo, "type").or_throw());
  command.repo.owner = std::string(json::get_string(*repo, "namespace").or_throw());
  command.repo.repo_name = std::string(json::get_string(*repo, "name").or_throw());
  const auto action = parse_action(json::get_string(body, "action").or_throw());
  if (!action) throw ApiError(ErrorCode::kBadRequest, "action is read, write or admin");
  command.action = *action;
  auto token_id = json::get_optional_string(body, "tokenId").or_throw();
  if (token_id && !util::is_uuid(*token_id)) throw ApiError(ErrorCode::kBadRequest, "tokenId is a UUID");
  if (token_id) command.token_id = std::string(*token_id);

  const DecideAnswer a = decide_action(ctx.db, command);
  json::Writer w;
  w.begin_object();
  if (a.invalid_credentials) {
    w.field("allowed", false).field("role", "none").field("reason", "invalid credentials").end_object();
    return http::Response::json(200, w.str());
  }
  w.field("allowed", a.allowed).field("role", access::role_name(a.role));
  if (!a.repo_id.empty()) w.field("repoId", a.repo_id);
  w.end_object();
  return http::Response::json(200, w.str());
}

}  // namespace hub::auth
