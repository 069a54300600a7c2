// The notifications service (the inbox, live streams and webhooks that never lose an event): see docs/architecture.md
#include "common/service/service.hpp"
#include "services/notifications/api/routes.hpp"

namespace hub::notifications {
const hub::service::EmbeddedFiles& migrations();
}  // namespace hub::notifications

int main(int argc, char** argv) {
  namespace svc = hub::notifications;
  return hub::service::run(argc, argv, {.name = "notifications", .default_port = 8086, .migrations = &svc::migrations},
                           &svc::load_config, &svc::install_routes);
}
