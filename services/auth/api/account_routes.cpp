// POST /api/signup, /api/login, /api/logout (app/accounts.hpp).
#include "common/domain/names.hpp"
#include "common/http/error_response.hpp"
#include "common/http/handler_support.hpp"
#include "services/auth/api/route_groups.hpp"
#include "services/auth/app/accounts.hpp"
#include "services/auth/domain/account_rules.hpp"

namespace hub::auth {
namespace {

http::Response signup(service::Context& ctx, const AuthConfig& config, http::Request& req) {
  if (!config.open_signup) throw ApiError(ErrorCode::kForbidden, "signup is closed; ask an administrator");
  auto body = http::json_body(req);
  SignupRequest command;
  command.name = std::string(json::get_string(body, "username").or_throw());
  domain::check_account_name(command.name).or_throw();
  command.email = checked_email(json::get_string(body, "email").or_throw());
  const std::string_view password = json::get_string(body, "password").or_throw();
  check_password(password);
  command.password = std::string(password);
  auto fullname = json::get_optional_string(body, "fullname").or_throw();
  check_fullname(fullname);
  command.fullname = std::string(fullname.value_or(""));
  const std::string id = sign_up(ctx.db, command, req.ctx.request_id);
  json::Writer w;
  w.begin_object().field("id", id).field("name", command.name).field("email", command.email).end_object();
  return http::Response::json(201, w.str());
}

http::Response login(service::Context& ctx, const AuthConfig& config, LoginLimiter& limiter, http::Request& req) {
  auto body = http::json_body(req);
  LoginRequest command;
  command.who = std::string(json::get_string(body, "username").or_throw());
  const std::string_view password = json::get_string(body, "password").or_throw();
  if (command.who.empty() || command.who.size() > 254 || password.size() > kMaxPasswordLength) {
    throw ApiError(ErrorCode::kInvalidCredentials, "Invalid username or password.");
  }
  command.password = std::string(password);
  // The client's address as the gateway vouches for it; the TCP peer is the gateway itself.
  command.client_address = req.ctx.identity && !req.ctx.identity->client_address.empty()
                               ? req.ctx.identity->client_address
                               : req.ctx.remote_address;
  const LoginResult result = log_in(ctx.db, limiter, config.session_lifetime, command);
  if (result.retry_after != 0) {
    ApiError e(ErrorCode::kTooManyRequests, "too many failed logins; try again later");
    http::Response r = http::error_response(e, req.ctx.request_id);
    r.headers.set("Retry-After", std::to_string(result.retry_after));
    return r;
  }
  json::Writer w;
  w.begin_object()
      .field("token", result.token)
      .field("tokenId", result.token_id)
      .field("name", result.name)
      .field("expiresAt", result.expires_unix)
      .end_object();
  return http::Response::json(200, w.str());
}

}  // namespace

void install_account_routes(service::Context& ctx, http::RouteDispatcher& routes, const AuthConfig& config,
                            const InvalidatorPtr& invalidator) {
  static LoginLimiter limiter(config.redis_url);
  routes.add("POST", "/api/signup", [&ctx, config](http::Request& r) { return signup(ctx, config, r); });
  routes.add("POST", "/api/login", [&ctx, config](http::Request& r) { return login(ctx, config, limiter, r); });
  routes.add("POST", "/api/logout",
             [&ctx, invalidator](http::Request& r) {
               log_out(ctx.db, *invalidator, http::require_user(r));
               return http::Response::empty(204);
             },
             {.signed_in = true});
}

}  // namespace hub::auth
