#include "services/discussions/config.hpp"

namespace hub::discussions {

DiscussionsConfig load_config(config::Reader& reader, const service::Settings& /*settings*/) {
  return {.repos_addresses = reader.addresses("HUB_REPOS_URL", "127.0.0.1:8082"),
          .pulls_addresses = reader.addresses("HUB_PULLS_URL", "127.0.0.1:8084")};
}

}  // namespace hub::discussions
