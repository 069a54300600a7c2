#include "services/notifications/config.hpp"

namespace hub::notifications {

NotificationsConfig load_config(config::Reader& reader, const service::Settings& /*settings*/) {
  return {.auth_addresses = reader.addresses("HUB_AUTH_URL", "127.0.0.1:8081")};
}

}  // namespace hub::notifications
