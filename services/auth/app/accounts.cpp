// The account use cases.
#include "services/auth/app/accounts.hpp"

#include <algorithm>

#include "common/db/transaction.hpp"
#include "common/error/api_error.hpp"
#include "common/log/log.hpp"
#include "common/util/strings.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/app/password_hashing.hpp"
#include "services/auth/app/tokens.hpp"
#include "services/auth/store/token_store.hpp"
#include "services/auth/store/user_store.hpp"

namespace hub::auth {

std::string sign_up(db::Pool& db, const SignupRequest& request, const std::string& request_id) {
  const std::string hash = hash_password(request.password);
  std::string id = util::uuid4();
  db::transact(db, [&](pqxx::work& tx) {
    // Users and orgs share the namespace; the lock orders a signup against an org of the same name.
    lock_name(tx, request.name);
    const bool taken = name_taken(tx, request.name) || email_taken(tx, request.email);
    if (taken) throw ApiError(ErrorCode::kConflict, "that username or email is already taken");
    try {
      insert_user(tx, NewUser{id, request.name, request.fullname, request.email, hash});
    } catch (const pqxx::unique_violation&) {
      throw ApiError(ErrorCode::kConflict, "that username or email is already taken");
    }
  });
  log::info("account created", {{"user", id}, {"requestId", request_id}});
  return id;
}

LoginResult log_in(db::Pool& db, LoginLimiter& limiter, std::chrono::hours session_lifetime,
                   const LoginRequest& request) {
  const std::string address_key = "r:" + request.client_address;
  auto account = db::transact(db, [&](pqxx::work& tx) { return find_login_account(tx, request.who); });
  // One count per account as stored, whichever of its name or email (in whatever case) was typed:
  // otherwise each spelling would have a budget of its own.
  const std::string account_key = account ? "a:" + account->id : "a:" + util::to_lower(request.who);
  if (auto wait = std::max(limiter.retry_after(account_key), limiter.retry_after(address_key))) {
    return LoginResult{.retry_after = wait};
  }
  // An unknown account costs the same hash as a wrong password: timing says nothing.
  static const std::string kDecoy = hash_password("decoy password that matches nothing");
  const bool ok = verify_password(account ? account->hash : kDecoy, request.password) && account.has_value();
  if (!ok) {
    limiter.failed(account_key);
    limiter.failed(address_key);
    throw ApiError(ErrorCode::kInvalidCredentials, "Invalid username or password.");
  }
  limiter.succeeded(account_key);
  const auto expires = std::chrono::system_clock::now() + session_lifetime;
  const auto expires_unix = std::chrono::duration_cast<std::chrono::seconds>(expires.time_since_epoch()).count();
  auto issued = db::transact(db, [&](pqxx::work& tx) {
    return issue_token(tx, account->id, kSessionToken, "session", "write", "[]", expires_unix);
  });
  return LoginResult{
      .token = issued.secret, .token_id = issued.id, .name = account->name, .expires_unix = expires_unix};
}

void log_out(db::Pool& db, Invalidator& invalidator, const access::Identity& who) {
  db::transact(db, [&](pqxx::work& tx) { revoke_session(tx, who.token_id, who.user_id); });
  invalidator.user_changed(who.user_id);
}

}  // namespace hub::auth
