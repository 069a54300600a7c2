#pragma once
// The first administrator, created once the database is reachable (see bootstrap.cpp).
#include <string>

#include "common/db/pool.hpp"

namespace hub::auth {

// Starts a background loop that creates the admin account and writes its token to
// <data_dir>/admin-token, retrying each second until the database answers.
void start_bootstrap(db::Pool& db, const std::string& data_dir);

}  // namespace hub::auth
