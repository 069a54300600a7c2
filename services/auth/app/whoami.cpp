// whoami in one transaction.
#include "services/auth/app/whoami.hpp"

#include "common/db/transaction.hpp"

namespace hub::auth {

std::optional<WhoAmI> who_am_i(db::Pool& db, const access::Identity& who) {
  return db::transact(db, [&](pqxx::work& tx) -> std::optional<WhoAmI> {
    auto user = find_profile(tx, who.user_id);
    auto token = token_details(tx, who.token_id, who.user_id);
    if (!user || !token) return std::nullopt;
    return WhoAmI{std::move(*user), std::move(*token), memberships_of(tx, who.user_id)};
  });
}

}  // namespace hub::auth
