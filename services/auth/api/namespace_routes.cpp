// POST /internal/namespace-access and /internal/readable-private-repos, for repos; POST
// /internal/webhook-owner and /internal/namespaces, for notifications' webhooks
// (app/namespace_decisions.hpp).
#include "common/http/handler_support.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/api/route_groups.hpp"
#include "services/auth/app/namespace_decisions.hpp"

namespace hub::auth {
namespace {

// {namespace, userId, tokenId, clientAddress?}: a caller and the namespace it asks about.
NamespaceRequest namespace_request(const http::Request& req) {
  auto body = http::json_body(req);
  NamespaceRequest command;
  command.ns = std::string(json::get_string(body, "namespace").or_throw());
  command.user_id = std::string(json::get_string(body, "userId").or_throw());
  command.token_id = std::string(json::get_string(body, "tokenId").or_throw());
  command.client_address = std::string(json::get_optional_string(body, "clientAddress").or_throw().value_or(""));
  if (!util::is_uuid(command.user_id) || !util::is_uuid(command.token_id)) {
    throw ApiError(ErrorCode::kBadRequest, "userId and tokenId are UUIDs");
  }
  return command;
}

}  // namespace

http::Response namespace_access_route(service::Context& ctx, http::Request& req) {
  const NamespaceRequest command = namespace_request(req);
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

// {namespace, userId, tokenId, clientAddress?} → {exists, kind, id?, name?, mayRead, mayManage, reason?}
http::Response webhook_owner_route(service::Context& ctx, http::Request& req) {
  const NamespaceRequest command = namespace_request(req);
  const auto owner = webhook_owner(ctx.db, command);
  json::Writer w;
  w.begin_object();
  if (!owner) {
    w.field("exists", false).field("mayRead", false).field("mayManage", false);
    w.field("reason", "invalid credentials").end_object();
    return http::Response::json(200, w.str());
  }
  const WebhookOwnerAnswer& a = owner->answer;
  w.field("exists", a.exists).field("kind", a.kind);
  if (a.exists) w.field("id", owner->id).field("name", owner->name);
  w.field("mayRead", a.may_read).field("mayManage", a.may_manage);
  if (!a.reason.empty()) w.field("reason", a.reason);
  w.end_object();
  return http::Response::json(200, w.str());
}

// {names: [..], admins?: bool} → {namespaces: [{name, kind, id, admins?: [{id, name}]}]}
http::Response lookup_namespaces_route(service::Context& ctx, http::Request& req) {
  auto body = http::json_body(req);
  const json::Value* list = json::get_array(body, "names").or_throw();
  if (list->Size() > kMaxNamespacesPerLookup) throw ApiError(ErrorCode::kBadRequest, "at most 200 names per lookup");
  std::vector<std::string> names;
  for (const auto& v : list->GetArray()) {
    if (!v.IsString()) throw ApiError(ErrorCode::kBadRequest, "names holds strings");
    names.emplace_back(v.GetString(), v.GetStringLength());
  }
  const bool admins = json::get_optional_bool(body, "admins").or_throw().value_or(false);
  json::Writer w;
  w.begin_object().key("namespaces").begin_array();
  for (const auto& card : lookup_namespaces(ctx.db, names, admins)) {
    w.begin_object().field("name", card.name).field("kind", card.kind).field("id", card.id);
    if (admins && card.kind == "org") {
      w.key("admins").begin_array();
      for (const auto& [id, name] : card.admins)
        w.begin_object().field("id", id).field("name", name).end_object();
      w.end_array();
    }
    w.end_object();
  }
  w.end_array().end_object();
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
