#pragma once
// The auth service's configuration: read once at start (config::Reader, with the common settings),
// immutable afterwards. Every default is written here and nowhere else.
#include <chrono>
#include <string>

#include "common/config/config.hpp"
#include "common/service/settings.hpp"

namespace hub::auth {

struct AuthConfig {
  bool open_signup = true;                       // HUB_OPEN_SIGNUP=0 leaves account creation to admins
  std::chrono::hours session_lifetime{24 * 30};  // login tokens
  std::string data_dir;                          // HUB_DATA_DIR: the admin token file goes here
  std::string redis_url;                         // HUB_REDIS_URL: login failures and invalidations
};

AuthConfig load_config(config::Reader& reader, const service::Settings& settings);

// What `hub-auth admin …` needs: the database, and Redis to tell the gateways (optional).
struct AdminConfig {
  std::string pg_url;     // HUB_PG_SESSION_URL, else HUB_PG_URL; empty: the command cannot run
  std::string redis_url;  // HUB_REDIS_URL; empty: the gateways' caches expire by themselves
};

AdminConfig load_admin_config(config::Reader& reader);

}  // namespace hub::auth
