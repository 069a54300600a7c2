// The notifications service (the inbox, live streams and webhooks that never lose an event): see docs/architecture.md
// for what it owns. main() only wires it.
#include "common/service/service.hpp"
#include "services/notifications/api/routes.hpp"
#include "services/notifications/config.hpp"

namespace hub::notifications {
const hub::service::EmbeddedFiles& migrations();
}  // namespace hub::notifications

int main(int argc, char** argv) {
  using namespace hub::notifications;  // NOLINT(google-build-using-namespace)
  NotificationsConfig config;          // read once by service::run, before anything starts
  auto configure = [&config](hub::config::Reader& reader, const hub::service::Settings& settings) {
    config = load_config(reader, settings);
  };
  auto install = [&config](hub::service::Context& ctx, hub::http::RouteDispatcher& routes) {
    install_routes(ctx, routes, config);
  };
  return hub::service::run(argc, argv,
                           {.name = "notifications",
                            .default_port = 8086,
                            .migrations = &hub::notifications::migrations,
                            .configure = configure,
                            .install = install});
}
