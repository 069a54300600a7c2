// POST /internal/namespace-access and /internal/readable-private-repos, for repos
// (app/namespace_decisions.hpp).
#include "common/http/handler_support.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/api/route_groups.hpp"
#include "services/auth/app/namespace_decisions.hpp"

namespace hub::auth {
http::Response namespace_access_route(service::Context& ctx, http::Request& req) {
  auto body = http::json_body(req);
  NamespaceRequest command;
  command.ns = std::string(json::get_string(body, "namespace").or_throw());
  command.user_id = std::string(json::get_string(body, "userId").or_throw());
  command.token_id = std::string(json::get_string(body, "tokenId").or_throw());
  command.client_address = std::string(json::get_optional_string(body, "clientAddress").or_throw().value_or(""));
  if (!util::is_uuid(command.user_id) || !util::is_uuid(command.token_id)) {
    throw ApiError(ErrorCode::kBadRequest, "userId and tokenId are UUIDs");
  }
  const auto a = namespace_access(ctx.db, command);
  json::Writer w;
  w.begin_object();
  if (!a) {
    w.field("exists", false).field("mayCreate", false).field("reason", "invalid credentials").end_object();
    return http::Response::json(200, w.str());
  }
  w.field("exists", a->exists)
      .field("kind", a->kind)
      .field("mayCreate", a->may_create)
      .field("defaultVisibility", a->default_visibility);
  if (!a->reason.empty()) w.field("reason", a->reason);
  w.end_object();
  return http::Response::json(200, w.str());
}

http::Response readable_private_route(service::Context& ctx, http::Request& req) {
  auto body = http::json_body(req);
  const std::string user_id(json::get_string(body, "userId").or_throw());
  const std::string token_id(json::get_string(body, "tokenId").or_throw());
  if (!util::is_uuid(user_id) || !util::is_uuid(token_id)) {
    throw ApiError(ErrorCode::kBadRequest, "userId and tokenId are UUIDs");
  }
  const auto ids = readable_private_repos(ctx.db, user_id, token_id);
  json::Writer w;
  w.begin_object().key("ids").begin_array();
  for (const auto& id : ids)
    w.value(id);
  w.end_array().end_object();
  return http::Response::json(200, w.str());
}

}  // namespace hub::auth
