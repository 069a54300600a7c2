#pragma once
// Signup, login and logout. Login is rate-limited per account and per address so passwords cannot
// be guessed at speed; a failure never says whether the account exists.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "common/access/identity.hpp"
#include "common/db/pool.hpp"
#include "services/auth/app/invalidator.hpp"
#include "services/auth/app/login_limiter.hpp"

namespace hub::auth {

struct SignupRequest {
  std::string name;   // checked (common/domain/names.hpp)
  std::string email;  // checked
  std::string password;
  std::string fullname;
};
// The new user's id. 409 when the name or the email is taken.
std::string sign_up(db::Pool& db, const SignupRequest& request, const std::string& request_id);

struct LoginRequest {
  std::string who;  // name or email
  std::string password;
  std::string client_address;
};
struct LoginResult {
  std::int64_t retry_after = 0;  // seconds, when too many logins failed: nothing else is set
  std::string token;
  std::string token_id;
  std::string name;
  std::int64_t expires_unix = 0;
};
// 401 for a wrong name or password, alike.
LoginResult log_in(db::Pool& db, LoginLimiter& limiter, std::chrono::hours session_lifetime,
                   const LoginRequest& request);

void log_out(db::Pool& db, Invalidator& invalidator, const access::Identity& who);

}  // namespace hub::auth
