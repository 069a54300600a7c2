// POST /internal/introspect: the gateway's question "who is this token?". Only services may ask
// (the route is under /internal/, so it needs a signed service identity).
#include "services/auth/auth_service.hpp"

namespace hub::auth_service {
namespace {

http::Response introspect(service::Context& ctx, http::Request& req) {
  auto body = json_body(req);
  const std::string_view secret = json::get_string(body, "token").or_throw();
  auto token = find_live_token(ctx.db, secret);
  if (!token) throw ApiError(ErrorCode::kInvalidCredentials, "Invalid credentials in Authorization header");
  json::Writer w;
  w.begin_object()
      .field("userId", token->user_id)
      .field("name", token->user_name)
      .field("tokenId", token->id)
      .field("kind", token->kind)
      .field("role", token->role)
      .field("siteAdmin", token->site_admin);
  w.key("scoped").raw_value(json::parse(token->scoped_json).value());
  w.end_object();
  return http::Response::json(200, w.str());
}

}  // namespace

void install_introspect(service::Context& ctx, http::RouteDispatcher& routes) {
  routes.add("POST", "/internal/introspect", [&ctx](http::Request& r) { return introspect(ctx, r); });
}

}  // namespace hub::auth_service
