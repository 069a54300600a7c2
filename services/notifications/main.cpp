// The notifications service (the inbox, live streams and webhooks that never lose an event): see docs/architecture.md
#include "common/service/service.hpp"
#include "hub_notifications_migrations.hpp"  // generated: hub::notifications::migrations()
#include "services/notifications/api/routes.hpp"

int main(int argc, char** argv) {
  namespace svc = hub::notifications;
  return hub::service::run(argc, argv, {.name = "notifications", .default_port = 8086, .migrations = &svc::migrations},
                           &svc::load_config, &svc::install_routes);
}
