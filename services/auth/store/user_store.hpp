#pragma once
// auth.users and the shared namespace of users and orgs: SQL only, in the caller's transaction.
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

namespace hub::auth {

// Orders everything that claims `name` (signup, org creation) against each other.
void lock_name(pqxx::work& tx, std::string_view name);
// A user or an org has it.
bool name_taken(pqxx::transaction_base& tx, std::string_view name);
bool email_taken(pqxx::transaction_base& tx, std::string_view email);
// The user's id, or nullopt.
std::optional<std::string> find_user_id(pqxx::transaction_base& tx, std::string_view name);

struct NewUser {
  std::string id;
  std::string name;
  std::string fullname;
  std::string email;
  std::string password_hash;
};
void insert_user(pqxx::work& tx, const NewUser& user);
void set_password_hash(pqxx::work& tx, const std::string& user_id, const std::string& hash);

// The account a login names, by name or email in any case.
struct LoginAccount {
  std::string id, name, hash;
};
std::optional<LoginAccount> find_login_account(pqxx::transaction_base& tx, std::string_view name_or_email);

struct UserCard {
  std::string id, name, fullname;
};
std::optional<UserCard> find_user_by_name(pqxx::transaction_base& tx, std::string_view name);
std::optional<UserCard> find_user_by_id(pqxx::transaction_base& tx, std::string_view id);

struct UserProfile {
  std::string id, name, fullname, email;
};
std::optional<UserProfile> find_profile(pqxx::transaction_base& tx, const std::string& user_id);

// The first administrator: under a lock so that one replica creates it.
void lock_bootstrap(pqxx::work& tx);
bool site_admin_exists(pqxx::transaction_base& tx);
void insert_first_admin(pqxx::work& tx, const std::string& id, const std::string& password_hash);

}  // namespace hub::auth
