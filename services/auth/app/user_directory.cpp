// User lookups, one read each.
#include "services/auth/app/user_directory.hpp"

#include "common/db/transaction.hpp"

namespace hub::auth {

std::optional<UserCard> lookup_user_by_name(db::Pool& db, const std::string& name) {
  return db::read_once(db, [&](pqxx::nontransaction& tx) { return find_user_by_name(tx, name); });
}

std::optional<UserCard> lookup_user_by_id(db::Pool& db, const std::string& id) {
  return db::read_once(db, [&](pqxx::nontransaction& tx) { return find_user_by_id(tx, id); });
}

}  // namespace hub::auth
