// Signup, login and logout. Login is rate-limited per account and per address so passwords cannot
// be guessed at speed; a failure never says whether the account exists.
#include <chrono>

#include "common/db/transaction.hpp"
#include "common/domain/names.hpp"
#include "common/http/error_response.hpp"
#include "common/log/log.hpp"
#include "common/util/strings.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/auth_service.hpp"
#include "services/auth/directory.hpp"
#include "services/auth/login_limiter.hpp"
#include "services/auth/passwords.hpp"

namespace hub::auth {
namespace {

std::string checked_email(std::string_view email) {
  const auto at = email.find('@');
  if (email.size() > 254 || at == std::string_view::npos || at == 0 || at + 1 >= email.size() ||
      email.find('@', at + 1) != std::string_view::npos) {
    throw ApiError(ErrorCode::kBadRequest, "email is not a valid address");
  }
  for (char c : email) {
    if (static_cast<unsigned char>(c) <= ' ' || static_cast<unsigned char>(c) >= 0x7f) {
      throw ApiError(ErrorCode::kBadRequest, "email is not a valid address");
    }
  }
  return std::string(email);
}

void check_password(std::string_view password) {
  if (password.size() < kMinPasswordLength || password.size() > kMaxPasswordLength) {
    throw ApiError(ErrorCode::kBadRequest, "a password has 8 to 1024 characters");
  }
}

http::Response signup(service::Context& ctx, const AuthConfig& config, http::Request& req) {
  if (!config.open_signup) throw ApiError(ErrorCode::kForbidden, "signup is closed; ask an administrator");
  auto body = json_body(req);
  const std::string name(json::get_string(body, "username").or_throw());
  domain::check_account_name(name).or_throw();
  const std::string email = checked_email(json::get_string(body, "email").or_throw());
  const std::string_view password = json::get_string(body, "password").or_throw();
  check_password(password);
  auto fullname = json::get_optional_string(body, "fullname").or_throw();
  if (fullname && fullname->size() > 200) throw ApiError(ErrorCode::kBadRequest, "fullname has at most 200 characters");
  const std::string hash = hash_password(password);
  const std::string id = util::uuid4();
  db::transact(ctx.db, [&](pqxx::work& tx) {
    // Users and orgs share the namespace; the lock orders a signup against an org of the same name.
    lock_name(tx, name);
    const bool taken = name_taken(tx, name) ||
                       !tx.exec_params("SELECT 1 FROM auth.users WHERE lower(email) = lower($1)", email).empty();
    if (taken) throw ApiError(ErrorCode::kConflict, "that username or email is already taken");
    try {
      tx.exec_params("INSERT INTO auth.users (id, name, fullname, email, password_hash) VALUES ($1, $2, $3, $4, $5)",
                     id, name, std::string(fullname.value_or("")), email, hash);
    } catch (const pqxx::unique_violation&) {
      throw ApiError(ErrorCode::kConflict, "that username or email is already taken");
    }
  });
  log::info("account created", {{"user", id}, {"requestId", req.ctx.request_id}});
  json::Writer w;
  w.begin_object().field("id", id).field("name", name).field("email", email).end_object();
  return http::Response::json(201, w.str());
}

http::Response login(service::Context& ctx, const AuthConfig& config, LoginLimiter& limiter, http::Request& req) {
  auto body = json_body(req);
  const std::string who(json::get_string(body, "username").or_throw());
  const std::string_view password = json::get_string(body, "password").or_throw();
  if (who.empty() || who.size() > 254 || password.size() > kMaxPasswordLength) {
    throw ApiError(ErrorCode::kInvalidCredentials, "Invalid username or password.");
  }
  // The client's address as the gateway vouches for it; the TCP peer is the gateway itself.
  const std::string& client = req.ctx.identity && !req.ctx.identity->client_address.empty()
                                  ? req.ctx.identity->client_address
                                  : req.ctx.remote_address;
  const std::string address_key = "r:" + client;
  struct Account {
    std::string id, name, hash;
  };
  auto account = db::transact(ctx.db, [&](pqxx::work& tx) -> std::optional<Account> {
    auto r = tx.exec_params(
        "SELECT id, name, password_hash FROM auth.users WHERE lower(name) = lower($1) OR lower(email) = lower($1)",
        who);
    if (r.empty()) return std::nullopt;
    return Account{r[0][0].as<std::string>(), r[0][1].as<std::string>(), r[0][2].as<std::string>()};
  });
  // One count per account as stored, whichever of its name or email (in whatever case) was typed:
  // otherwise each spelling would have a budget of its own.
  const std::string account_key = account ? "a:" + account->id : "a:" + util::to_lower(who);
  if (auto wait = std::max(limiter.retry_after(account_key), limiter.retry_after(address_key))) {
    ApiError e(ErrorCode::kTooManyRequests, "too many failed logins; try again later");
    http::Response r = http::error_response(e, req.ctx.request_id);
    r.headers.set("Retry-After", std::to_string(wait));
    return r;
  }
  // An unknown account costs the same hash as a wrong password: timing says nothing.
  static const std::string kDecoy = hash_password("decoy password that matches nothing");
  const bool ok = verify_password(account ? account->hash : kDecoy, password) && account.has_value();
  if (!ok) {
    limiter.failed(account_key);
    limiter.failed(address_key);
    throw ApiError(ErrorCode::kInvalidCredentials, "Invalid username or password.");
  }
  limiter.succeeded(account_key);
  const auto expires = std::chrono::system_clock::now() + config.session_lifetime;
  const auto expires_unix = std::chrono::duration_cast<std::chrono::seconds>(expires.time_since_epoch()).count();
  auto issued = db::transact(ctx.db, [&](pqxx::work& tx) {
    return issue_token(tx, account->id, "session", "session", "write", "[]", expires_unix);
  });
  json::Writer w;
  w.begin_object()
      .field("token", issued.secret)
      .field("tokenId", issued.id)
      .field("name", account->name)
      .field("expiresAt", expires_unix)
      .end_object();
  return http::Response::json(200, w.str());
}

http::Response logout(service::Context& ctx, const AuthConfig& config, http::Request& req) {
  const access::Identity& who = require_user(req);
  db::transact(ctx.db, [&](pqxx::work& tx) {
    tx.exec_params(
        "UPDATE auth.tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND kind = 'session' "
        "AND revoked_at IS NULL",
        who.token_id, who.user_id);
  });
  config.invalidator->user_changed(who.user_id);
  return http::Response::empty(204);
}

}  // namespace

void install_accounts(service::Context& ctx, http::RouteDispatcher& routes, const AuthConfig& config) {
  static LoginLimiter limiter(ctx.settings.redis_url);
  routes.add("POST", "/api/signup", [&ctx, config](http::Request& r) { return signup(ctx, config, r); });
  routes.add("POST", "/api/login", [&ctx, config](http::Request& r) { return login(ctx, config, limiter, r); });
  routes.add("POST", "/api/logout", [&ctx, config](http::Request& r) { return logout(ctx, config, r); });
}

}  // namespace hub::auth
