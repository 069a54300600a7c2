#include "services/bugs/config.hpp"

namespace hub::bugs {

BugsConfig load_config(config::Reader& reader, const service::Settings& settings) {
  BugsConfig c;
  c.public_url = settings.public_url;
  c.repos_addresses = reader.addresses("HUB_REPOS_URL", "127.0.0.1:8082");
  return c;
}

}  // namespace hub::bugs
