#include "services/discussions/config.hpp"

namespace hub::discussions {

DiscussionsConfig load_config(config::Reader& reader, const service::Settings& settings) {
  DiscussionsConfig c;
  c.public_url = settings.public_url;
  c.repos_addresses = reader.addresses("HUB_REPOS_URL", "127.0.0.1:8082");
  c.pulls_addresses = reader.addresses("HUB_PULLS_URL", "127.0.0.1:8084");
  return c;
}

}  // namespace hub::discussions
