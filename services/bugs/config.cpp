#include "services/bugs/config.hpp"

namespace hub::bugs {

BugsConfig load_config(config::Reader& reader, const service::Settings& /*settings*/) {
  return {.repos_addresses = reader.addresses("HUB_REPOS_URL", "127.0.0.1:8082"),
          .auth_addresses = reader.addresses("HUB_AUTH_URL", "127.0.0.1:8081"),
          .discussions_addresses = reader.addresses("HUB_DISCUSSIONS_URL", "127.0.0.1:8083")};
}

}  // namespace hub::bugs
