#include "services/pulls/config.hpp"

namespace hub::pulls {

PullsConfig load_config(config::Reader& reader, const service::Settings& settings) {
  PullsConfig c;
  c.public_url = settings.public_url;
  c.repos_addresses = reader.addresses("HUB_REPOS_URL", "127.0.0.1:8082");
  c.discussions_addresses = reader.addresses("HUB_DISCUSSIONS_URL", "127.0.0.1:8083");
  return c;
}

}  // namespace hub::pulls
