// The operator's use cases.
#include "services/auth/app/admin_commands.hpp"

#include "common/db/transaction.hpp"
#include "common/domain/names.hpp"
#include "common/error/api_error.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/app/access_checks.hpp"
#include "services/auth/app/audit_trail.hpp"
#include "services/auth/app/password_hashing.hpp"
#include "services/auth/app/random_secrets.hpp"
#include "services/auth/app/tokens.hpp"
#include "services/auth/store/org_store.hpp"
#include "services/auth/store/policy_store.hpp"
#include "services/auth/store/token_store.hpp"
#include "services/auth/store/user_store.hpp"

namespace hub::auth {
namespace {

AuditEntry operator_entry(std::string action, std::string target) {
  AuditEntry e;
  e.actor_name = "operator (hub-auth admin)";
  e.action = std::move(action);
  e.target = std::move(target);
  return e;
}

// Cached decisions made before the change are stale. Without Redis they expire within the
// gateways' few seconds of caching anyway.
void tell_gateways(Invalidator* invalidator) {
  if (invalidator != nullptr) invalidator->everything_changed();
}

}  // namespace

std::string operator_create_user(db::Pool& db, const std::string& name, const std::string& email) {
  if (auto ok = domain::check_account_name(name); !ok) throw ApiError(ErrorCode::kBadRequest, ok.error());
  std::string password = random_password();
  const std::string hash = hash_password(password);
  db::transact(db, [&](pqxx::work& tx) {
    lock_name(tx, name);
    if (name_taken(tx, name) || email_taken(tx, email)) {
      throw ApiError(ErrorCode::kConflict, "that name or email is taken");
    }
    insert_user(tx, NewUser{util::uuid4(), name, "", email, hash});
    audit(tx, operator_entry("user.create", name));
  });
  return password;
}

std::string operator_create_token(db::Pool& db, const std::string& user, const std::string& display_name,
                                  TokenRole role) {
  auto issued = db::transact(db, [&](pqxx::work& tx) {
    IssuedToken t = issue_token(tx, user_id_by_name(tx, user), kAccessToken, display_name, token_role_name(role), "[]",
                                std::nullopt);
    audit(tx, operator_entry("token.create", t.id));
    return t;
  });
  return issued.secret;
}

std::string operator_reset_password(db::Pool& db, Invalidator* invalidator, const std::string& user) {
  std::string password = random_password();
  const std::string hash = hash_password(password);
  db::transact(db, [&](pqxx::work& tx) {
    const std::string id = user_id_by_name(tx, user);
    set_password_hash(tx, id, hash);
    audit(tx, operator_entry("user.password.reset", user));
    // Whoever knew the old password may hold a session from it.
    revoke_sessions_of(tx, id);
  });
  tell_gateways(invalidator);
  return password;
}

void operator_lift_policy(db::Pool& db, Invalidator* invalidator, const std::string& org) {
  db::transact(db, [&](pqxx::work& tx) {
    auto found = find_org_by_name(tx, org);
    if (!found) throw ApiError(ErrorCode::kNotFound, "no organization named " + org);
    access::OrgPolicy policy = load_org_policy(tx, found->id);
    policy.ip_allowlist.clear();
    policy.require_fine_grained_tokens = false;
    policy.max_token_lifetime_days.reset();
    store_org_policy(tx, found->id, policy);
    AuditEntry entry = operator_entry("org.policy.lift", found->name);
    entry.org_id = found->id;
    audit(tx, entry);
  });
  tell_gateways(invalidator);
}

ChainCheck operator_verify_audit(db::Pool& db) {
  return verify_audit_chain(db);
}

}  // namespace hub::auth
