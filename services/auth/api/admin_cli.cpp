// The operator's command line: arguments in, one use case of app/admin_commands.hpp, a line out.
#include "services/auth/api/admin_cli.hpp"

#include <iostream>
#include <memory>
#include <string>

#include "common/config/config.hpp"
#include "common/db/pool.hpp"
#include "common/error/api_error.hpp"
#include "services/auth/app/admin_commands.hpp"
#include "services/auth/config.hpp"

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

int run(db::Pool& pool, const AdminConfig& config, const std::string& command, int argc, char** argv) {
  // Without Redis the gateways' cached decisions expire within their few seconds of caching anyway.
  std::unique_ptr<Invalidator> invalidator;
  if (!config.redis_url.empty()) invalidator = std::make_unique<Invalidator>(config.redis_url);
  if (command == "create-user" && argc == 5) {
    const std::string name = argv[3];
    const std::string password = operator_create_user(pool, name, argv[4]);
    std::cout << "created " << name << "\npassword: " << password << "\n";
    return 0;
  }
  if (command == "create-token" && (argc == 5 || argc == 6)) {
    const std::string role = argc == 6 ? argv[5] : "write";
    const auto parsed = parse_token_role(role);
    if (!parsed || *parsed == TokenRole::kFineGrained) throw ApiError(ErrorCode::kBadRequest, "role is read or write");
    std::cout << "token: " << operator_create_token(pool, argv[3], argv[4], *parsed) << "\n";
    return 0;
  }
  if (command == "reset-password" && argc == 4) {
    const std::string password = operator_reset_password(pool, invalidator.get(), argv[3]);
    std::cout << "password: " << password << "\n";
    return 0;
  }
  if (command == "lift-policy" && argc == 4) {
    operator_lift_policy(pool, invalidator.get(), argv[3]);
    std::cout << "lifted the access rules of " << argv[3] << "\n";
    return 0;
  }
  if (command == "verify-audit" && argc == 3) {
    const ChainCheck check = operator_verify_audit(pool);
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
  config::Reader reader(config::environment());
  const AdminConfig config = load_admin_config(reader);
  if (config.pg_url.empty() || argc < 3) {
    std::cerr << kUsage;
    return 2;
  }
  try {
    db::Pool pool(db::PoolOptions{config.pg_url, 1});
    return run(pool, config, argv[2], argc, argv);
  } catch (const ApiError& e) {
    std::cerr << "hub-auth admin: " << e.message() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "hub-auth admin: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace hub::auth
