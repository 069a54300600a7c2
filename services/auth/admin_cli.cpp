#include "services/auth/admin_cli.hpp"

#include <sodium.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "common/db/pool.hpp"
#include "common/db/transaction.hpp"
#include "common/domain/names.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/audit.hpp"
#include "services/auth/auth_service.hpp"
#include "services/auth/directory.hpp"
#include "services/auth/invalidation.hpp"
#include "services/auth/org_policies.hpp"
#include "services/auth/passwords.hpp"

namespace hub::auth {
namespace {

constexpr const char* kUsage =
    "usage: hub-auth admin create-user <name> <email>\n"
    "       hub-auth admin create-token <user> <display name> [read|write]\n"
    "       hub-auth admin reset-password <user>\n"
    "       hub-auth admin verify-audit\n"
    "       hub-auth admin lift-policy <org>   (clears its IP allowlist and token rules)\n"
    "HUB_PG_URL names the database; with HUB_REDIS_URL the gateways hear of a change at once.\n"
    "Passwords and tokens are printed once, here, and stored hashed.\n";

AuditEntry operator_entry(std::string action, std::string target) {
  AuditEntry e;
  e.actor_name = "operator (hub-auth admin)";
  e.action = std::move(action);
  e.target = std::move(target);
  return e;
}

std::string random_password() {
  unsigned char bytes[12];
  randombytes_buf(bytes, sizeof bytes);
  char hex[2 * sizeof bytes + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

// Cached decisions made before the change are stale. Without Redis they expire within the
// gateways' few seconds of caching anyway.
void tell_gateways() {
  const char* url = std::getenv("HUB_REDIS_URL");
  if (url == nullptr || *url == '\0') return;
  Invalidator(url).everything_changed();
}

int run(db::Pool& pool, const std::string& command, int argc, char** argv) {
  if (command == "create-user" && argc == 5) {
    const std::string name = argv[3];
    const std::string email = argv[4];
    if (auto ok = domain::check_account_name(name); !ok) throw ApiError(ErrorCode::kBadRequest, ok.error());
    const std::string password = random_password();
    const std::string hash = hash_password(password);
    db::transact(pool, [&](pqxx::work& tx) {
      lock_name(tx, name);
      if (name_taken(tx, name) ||
          !tx.exec_params("SELECT 1 FROM auth.users WHERE lower(email) = lower($1)", email).empty()) {
        throw ApiError(ErrorCode::kConflict, "that name or email is taken");
      }
      tx.exec_params("INSERT INTO auth.users (id, name, email, password_hash) VALUES ($1, $2, $3, $4)", util::uuid4(),
                     name, email, hash);
      audit(tx, operator_entry("user.create", name));
    });
    std::cout << "created " << name << "\npassword: " << password << "\n";
    return 0;
  }
  if (command == "create-token" && (argc == 5 || argc == 6)) {
    const std::string role = argc == 6 ? argv[5] : "write";
    if (role != "read" && role != "write") throw ApiError(ErrorCode::kBadRequest, "role is read or write");
    auto issued = db::transact(pool, [&](pqxx::work& tx) {
      IssuedToken t = issue_token(tx, user_id_by_name(tx, argv[3]), "access", argv[4], role, "[]", std::nullopt);
      audit(tx, operator_entry("token.create", t.id));
      return t;
    });
    std::cout << "token: " << issued.secret << "\n";
    return 0;
  }
  if (command == "reset-password" && argc == 4) {
    const std::string password = random_password();
    const std::string hash = hash_password(password);
    db::transact(pool, [&](pqxx::work& tx) {
      const std::string id = user_id_by_name(tx, argv[3]);
      tx.exec_params("UPDATE auth.users SET password_hash = $2 WHERE id = $1", id, hash);
      audit(tx, operator_entry("user.password.reset", argv[3]));
      // Whoever knew the old password may hold a session from it.
      tx.exec_params(
          "UPDATE auth.tokens SET revoked_at = now() WHERE user_id = $1 AND kind = 'session' "
          "AND revoked_at IS NULL",
          id);
    });
    tell_gateways();
    std::cout << "password: " << password << "\n";
    return 0;
  }
  if (command == "lift-policy" && argc == 4) {
    // For an org whose allowlist shuts everyone out: the access rules go, the repo default stays.
    db::transact(pool, [&](pqxx::work& tx) {
      auto org = tx.exec_params("SELECT id, name FROM auth.orgs WHERE lower(name) = lower($1)", std::string(argv[3]));
      if (org.empty()) throw ApiError(ErrorCode::kNotFound, std::string("no organization named ") + argv[3]);
      const std::string org_id = org[0][0].as<std::string>();
      access::OrgPolicy policy = load_org_policy(tx, org_id);
      policy.ip_allowlist.clear();
      policy.require_fine_grained_tokens = false;
      policy.max_token_lifetime_days.reset();
      store_org_policy(tx, org_id, policy);
      AuditEntry entry = operator_entry("org.policy.lift", org[0][1].as<std::string>());
      entry.org_id = org_id;
      audit(tx, entry);
    });
    tell_gateways();
    std::cout << "lifted the access rules of " << argv[3] << "\n";
    return 0;
  }
  if (command == "verify-audit" && argc == 3) {
    auto lease = pool.acquire();
    ChainCheck check = verify_audit_chain(*lease);
    if (!check.ok) {
      std::cout << "audit log BROKEN: " << check.problem << "\n";
      return 1;
    }
    std::cout << "audit log intact: " << check.entries << " entries\n";
    return 0;
  }
  std::cerr << kUsage;
  return 2;
}

}  // namespace

int admin_main(int argc, char** argv) {
  const char* url = std::getenv("HUB_PG_URL");
  if (url == nullptr || argc < 3) {
    std::cerr << kUsage;
    return 2;
  }
  try {
    db::Pool pool(db::PoolOptions{url, 1});
    return run(pool, argv[2], argc, argv);
  } catch (const ApiError& e) {
    std::cerr << "hub-auth admin: " << e.message() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "hub-auth admin: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace hub::auth
