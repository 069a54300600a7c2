#pragma once
// The bugs service's configuration: read once at start (config::Reader, with the common settings),
// immutable afterwards. Every default is written here and nowhere else.
#include <string>
#include <vector>

#include "common/config/config.hpp"
#include "common/service/settings.hpp"

namespace hub::bugs {

struct BugsConfig {
  std::string public_url;  // HUB_PUBLIC_URL, for the URLs the answers carry
  std::vector<config::HostPort>
      repos_addresses;  // HUB_REPOS_URL: revisions resolved to commits, ancestry for known bugs
};

BugsConfig load_config(config::Reader& reader, const service::Settings& settings);

}  // namespace hub::bugs
