#pragma once
// A user by name or id, for services that keep lists of people by their immutable id but are handed
// names (repos' gated-access decisions). An org's name is no user.
#include <optional>
#include <string>

#include "common/db/pool.hpp"
#include "services/auth/store/user_store.hpp"

namespace hub::auth {

std::optional<UserCard> lookup_user_by_name(db::Pool& db, const std::string& name);
std::optional<UserCard> lookup_user_by_id(db::Pool& db, const std::string& id);

}  // namespace hub::auth
