#pragma once
// Who the caller is, with its orgs and the token in use: what GET /api/whoami-v2 shows.
#include <optional>
#include <vector>

#include "common/access/identity.hpp"
#include "common/db/pool.hpp"
#include "services/auth/store/org_store.hpp"
#include "services/auth/store/token_store.hpp"
#include "services/auth/store/user_store.hpp"

namespace hub::auth {

struct WhoAmI {
  UserProfile user;
  TokenDetails token;
  std::vector<MembershipRow> orgs;
};
// nullopt when the user or its token is gone.
std::optional<WhoAmI> who_am_i(db::Pool& db, const access::Identity& who);

}  // namespace hub::auth
