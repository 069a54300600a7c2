#pragma once
// The notifications service's configuration: read once at start (config::Reader, with the common settings),
// immutable afterwards. Every default is written here and nowhere else. (The public URL the
// answers carry is a common setting: ctx.settings.public_url.)
#include <vector>

#include "common/config/config.hpp"
#include "common/service/settings.hpp"

namespace hub::notifications {

struct NotificationsConfig {
  std::vector<config::HostPort>
      auth_addresses;  // HUB_AUTH_URL: who may still read a repo, at delivery and at read time
  // --- the inbox ---
  // --- live streams ---
  // --- webhooks ---
};

NotificationsConfig load_config(config::Reader& reader, const service::Settings& settings);

}  // namespace hub::notifications
