#pragma once
// The pulls service's configuration: read once at start (config::Reader, with the common settings),
// immutable afterwards. Every default is written here and nowhere else. (The public URL the
// answers carry is a common setting: ctx.settings.public_url.)
#include <vector>

#include "common/config/config.hpp"
#include "common/service/settings.hpp"

namespace hub::pulls {

struct PullsConfig {
  std::vector<config::HostPort> repos_addresses;        // HUB_REPOS_URL: refs/pr/N, compare, merge, tensor hashes
  std::vector<config::HostPort> discussions_addresses;  // HUB_DISCUSSIONS_URL: the thread a pull request lives in
  std::vector<config::HostPort> auth_addresses;         // HUB_AUTH_URL: who may write (whose approval counts)
};

PullsConfig load_config(config::Reader& reader, const service::Settings& settings);

}  // namespace hub::pulls
