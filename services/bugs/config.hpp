#pragma once
// The bugs service's configuration: read once at start (config::Reader, with the common settings),
// immutable afterwards. Every default is written here and nowhere else. (The public URL the
// answers carry is a common setting: ctx.settings.public_url.)
#include <vector>

#include "common/config/config.hpp"
#include "common/service/settings.hpp"

namespace hub::bugs {

struct BugsConfig {
  std::vector<config::HostPort>
      repos_addresses;  // HUB_REPOS_URL: the next #N, revisions resolved to commits, ancestry for known bugs
  std::vector<config::HostPort> auth_addresses;         // HUB_AUTH_URL: whether assignees may read the repo
  std::vector<config::HostPort> discussions_addresses;  // HUB_DISCUSSIONS_URL: which #N are threads, to link them
};

BugsConfig load_config(config::Reader& reader, const service::Settings& settings);

}  // namespace hub::bugs
