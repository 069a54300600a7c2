// Reading the auth service's configuration.
#include "services/auth/config.hpp"

namespace hub::auth {

AuthConfig load_config(config::Reader& reader, const service::Settings& settings) {
  AuthConfig c;
  // Only the exact word "0" closes signup, as it always has: any other value leaves it open.
  c.open_signup = reader.string("HUB_OPEN_SIGNUP", "1") != "0";
  c.data_dir = settings.data_dir;
  c.redis_url = settings.redis_url;
  return c;
}

AdminConfig load_admin_config(config::Reader& reader) {
  AdminConfig c;
  // A session of its own (named statements, the connecting role's rights): the session URL when a
  // deployment sets one beside a transaction-mode pooler's (docs/pgbouncer.md).
  c.pg_url = reader.string("HUB_PG_SESSION_URL", reader.string("HUB_PG_URL", ""));
  c.redis_url = reader.string("HUB_REDIS_URL", "");
  return c;
}

}  // namespace hub::auth
