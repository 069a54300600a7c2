#pragma once
// The operator's commands (`hub-auth admin …`), working on the database directly: create users and
// tokens, reset a password, lift an org's access rules, check the audit chain. Each is audited as
// the operator, and tells the gateways after it commits when cached decisions went stale.
#include <string>

#include "common/db/pool.hpp"
#include "services/auth/app/invalidator.hpp"
#include "services/auth/domain/audit_chain.hpp"
#include "services/auth/domain/token_kinds.hpp"

namespace hub::auth {

// The new user's one-time password.
std::string operator_create_user(db::Pool& db, const std::string& name, const std::string& email);
// The token's secret, shown once.
std::string operator_create_token(db::Pool& db, const std::string& user, const std::string& display_name,
                                  TokenRole role);
// The new one-time password; the user's sessions are revoked. `invalidator` may be null (no Redis).
std::string operator_reset_password(db::Pool& db, Invalidator* invalidator, const std::string& user);
// Clears the org's IP allowlist and token rules; the repo default stays.
void operator_lift_policy(db::Pool& db, Invalidator* invalidator, const std::string& org);
ChainCheck operator_verify_audit(db::Pool& db);

}  // namespace hub::auth
