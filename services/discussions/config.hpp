#pragma once
// The discussions service's configuration: read once at start (config::Reader, with the common settings),
// immutable afterwards. Every default is written here and nowhere else. (The public URL the
// answers carry is a common setting: ctx.settings.public_url.)
#include <vector>

#include "common/config/config.hpp"
#include "common/service/settings.hpp"

namespace hub::discussions {

struct DiscussionsConfig {
  std::vector<config::HostPort> repos_addresses;  // HUB_REPOS_URL: the next #N of a repo, refs/pr/N
  std::vector<config::HostPort> pulls_addresses;  // HUB_PULLS_URL: opening the pull request of a thread
};

DiscussionsConfig load_config(config::Reader& reader, const service::Settings& settings);

}  // namespace hub::discussions
