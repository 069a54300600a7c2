// Access tokens: list, create (the secret is in the answer once and never again), revoke; and the
// Hub's leaked-credential report, which revokes whatever live token the presented secrets are
// (app/tokens.hpp).
#include "common/access/identity.hpp"
#include "common/http/handler_support.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/api/route_groups.hpp"
#include "services/auth/app/tokens.hpp"
#include "services/auth/domain/timestamps.hpp"
#include "services/auth/domain/token_request.hpp"

namespace hub::auth {
namespace {

void write_token(json::Writer& w, const TokenListing& t) {
  w.begin_object().field("id", t.id).field("displayName", t.display_name).field("role", t.role);
  w.key("scoped");
  auto scoped = json::parse(t.scoped_json);
  w.raw_value(scoped.value());
  w.field("createdAt", t.created_at);
  w.key("expiresAt");
  if (!t.expires_at) {
    w.null();
  } else {
    w.value(*t.expires_at);
  }
}

}  // namespace

http::Response list_tokens_route(service::Context& ctx, http::Request& req) {
  const access::Identity& who = http::require_user(req);
  const auto tokens = list_tokens(ctx.db, who);
  json::Writer w;
  w.begin_array();
  for (const auto& t : tokens) {
    write_token(w, t);
    w.end_object();
  }
  w.end_array();
  return http::Response::json(200, w.str());
}

http::Response create_token_route(service::Context& ctx, http::Request& req) {
  const access::Identity& who = http::require_user(req);
  auto body = http::json_body(req);
  NewTokenRequest command;
  command.display_name = std::string(json::get_string(body, "displayName").or_throw());
  if (command.display_name.empty() || command.display_name.size() > 100) {
    throw ApiError(ErrorCode::kBadRequest, "displayName has 1 to 100 characters");
  }
  command.role = checked_token_role(json::get_string(body, "role").or_throw());
  command.scoped_json = canonical_scopes(json::find(body, "scoped"));
  check_scopes_fit(command.role, command.scoped_json);
  if (auto text = json::get_optional_string(body, "expiresAt").or_throw()) {
    command.expires_unix = parse_rfc3339(*text);
    if (!command.expires_unix) throw ApiError(ErrorCode::kBadRequest, "expiresAt is an RFC 3339 UTC time");
    if (*command.expires_unix <= access::unix_now()) throw ApiError(ErrorCode::kBadRequest, "expiresAt is in the past");
  }
  const CreatedToken created = create_token(ctx.db, who, command, req.ctx.request_id);
  // The stored fields plus, this once, the secret.
  json::Writer w;
  write_token(w, created.stored);
  w.field("token", created.secret).end_object();
  return http::Response::json(201, w.str());
}

http::Response revoke_token_route(service::Context& ctx, Invalidator& invalidator, http::Request& req) {
  const access::Identity& who = http::require_user(req);
  const std::string id(req.param("id"));
  if (!util::is_uuid(id)) throw ApiError(ErrorCode::kNotFound, "no such token");
  revoke_token(ctx.db, invalidator, who, id, req.ctx.request_id);
  return http::Response::empty(204);
}

http::Response revoke_credentials_route(service::Context& ctx, Invalidator& invalidator, http::Request& req) {
  auto body = http::json_body(req);
  const json::Value* list = json::get_array(body, "credentials").or_throw();
  if (list->Size() > 100) throw ApiError(ErrorCode::kBadRequest, "at most 100 credentials at once");
  std::vector<std::string> secrets;
  for (const auto& c : list->GetArray()) {
    if (!c.IsString()) throw ApiError(ErrorCode::kBadRequest, "credentials are strings");
    secrets.emplace_back(c.GetString(), c.GetStringLength());
  }
  revoke_leaked(ctx.db, invalidator, secrets);
  // Always 202, as the Hub: the answer says nothing about which secrets were real.
  return http::Response::json(202, R"({"success":true})");
}

}  // namespace hub::auth
