// The user queries.
#include "services/auth/store/user_store.hpp"

namespace hub::auth {
namespace {

constexpr std::string_view kLockName = "SELECT pg_advisory_xact_lock(hashtext('hub.name.' || lower($1)))";
constexpr std::string_view kNameTaken =
    "SELECT 1 FROM auth.users WHERE lower(name) = lower($1) UNION ALL "
    "SELECT 1 FROM auth.orgs WHERE lower(name) = lower($1)";
constexpr std::string_view kEmailTaken = "SELECT 1 FROM auth.users WHERE lower(email) = lower($1)";
constexpr std::string_view kUserIdByName = "SELECT id FROM auth.users WHERE lower(name) = lower($1)";
constexpr std::string_view kInsertUser =
    "INSERT INTO auth.users (id, name, fullname, email, password_hash) VALUES ($1, $2, $3, $4, $5)";
constexpr std::string_view kSetPasswordHash = "UPDATE auth.users SET password_hash = $2 WHERE id = $1";
constexpr std::string_view kFindLoginAccount =
    "SELECT id, name, password_hash FROM auth.users WHERE lower(name) = lower($1) OR lower(email) = lower($1)";
constexpr std::string_view kUserByName =
    "SELECT id::text, name, fullname FROM auth.users WHERE lower(name) = lower($1)";
constexpr std::string_view kUserById = "SELECT id::text, name, fullname FROM auth.users WHERE id = $1::uuid";
constexpr std::string_view kProfile = "SELECT id, name, fullname, email FROM auth.users WHERE id = $1";
constexpr std::string_view kLockBootstrap = "SELECT pg_advisory_xact_lock(hashtext('hub.auth.bootstrap'))";
constexpr std::string_view kSiteAdminExists = "SELECT 1 FROM auth.users WHERE is_site_admin";
constexpr std::string_view kInsertFirstAdmin =
    "INSERT INTO auth.users (id, name, fullname, email, password_hash, is_site_admin) "
    "VALUES ($1, 'admin', 'Administrator', 'admin@localhost', $2, true)";

std::optional<UserCard> card_from(const pqxx::result& r) {
  if (r.empty()) return std::nullopt;
  return UserCard{r[0][0].as<std::string>(), r[0][1].as<std::string>(), r[0][2].as<std::string>()};
}

}  // namespace

void lock_name(pqxx::work& tx, std::string_view name) {
  tx.exec_params(std::string(kLockName), std::string(name));
}

bool name_taken(pqxx::transaction_base& tx, std::string_view name) {
  return !tx.exec_params(std::string(kNameTaken), std::string(name)).empty();
}

bool email_taken(pqxx::transaction_base& tx, std::string_view email) {
  return !tx.exec_params(std::string(kEmailTaken), std::string(email)).empty();
}

std::optional<std::string> find_user_id(pqxx::transaction_base& tx, std::string_view name) {
  auto r = tx.exec_params(std::string(kUserIdByName), std::string(name));
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::string>();
}

void insert_user(pqxx::work& tx, const NewUser& u) {
  tx.exec_params(std::string(kInsertUser), u.id, u.name, u.fullname, u.email, u.password_hash);
}

void set_password_hash(pqxx::work& tx, const std::string& user_id, const std::string& hash) {
  tx.exec_params(std::string(kSetPasswordHash), user_id, hash);
}

std::optional<LoginAccount> find_login_account(pqxx::transaction_base& tx, std::string_view name_or_email) {
  auto r = tx.exec_params(std::string(kFindLoginAccount), std::string(name_or_email));
  if (r.empty()) return std::nullopt;
  return LoginAccount{r[0][0].as<std::string>(), r[0][1].as<std::string>(), r[0][2].as<std::string>()};
}

std::optional<UserCard> find_user_by_name(pqxx::transaction_base& tx, std::string_view name) {
  return card_from(tx.exec_params(std::string(kUserByName), std::string(name)));
}

std::optional<UserCard> find_user_by_id(pqxx::transaction_base& tx, std::string_view id) {
  return card_from(tx.exec_params(std::string(kUserById), std::string(id)));
}

std::optional<UserProfile> find_profile(pqxx::transaction_base& tx, const std::string& user_id) {
  auto u = tx.exec_params(std::string(kProfile), user_id);
  if (u.empty()) return std::nullopt;
  return UserProfile{u[0][0].as<std::string>(), u[0][1].as<std::string>(), u[0][2].as<std::string>(),
                     u[0][3].as<std::string>()};
}

void lock_bootstrap(pqxx::work& tx) {
  tx.exec(std::string(kLockBootstrap));
}

bool site_admin_exists(pqxx::transaction_base& tx) {
  return !tx.exec(std::string(kSiteAdminExists)).empty();
}

void insert_first_admin(pqxx::work& tx, const std::string& id, const std::string& password_hash) {
  tx.exec_params(std::string(kInsertFirstAdmin), id, password_hash);
}

}  // namespace hub::auth
