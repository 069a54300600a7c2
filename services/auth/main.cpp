// The auth service: see docs/architecture.md for what it owns. main() only wires it.
#include <sodium.h>

#include <memory>
#include <string_view>

#include "common/config/config.hpp"
#include "common/service/service.hpp"
#include "hub_auth_migrations.hpp"  // generated: hub::auth::migrations()
#include "services/auth/api/admin_cli.hpp"
#include "services/auth/api/routes.hpp"
#include "services/auth/app/bootstrap.hpp"
#include "services/auth/app/invalidator.hpp"
#include "services/auth/app/reconciler.hpp"
#include "services/auth/config.hpp"

int main(int argc, char** argv) {
  using namespace hub::auth;        // NOLINT(google-build-using-namespace)
  if (sodium_init() < 0) return 1;  // libsodium's RNG and Argon2id need it once, before any thread
  if (argc >= 2 && std::string_view(argv[1]) == "admin") return admin_main(argc, argv);
  AuthConfig config;  // read once by service::run, before anything starts
  auto configure = [&config](hub::config::Reader& reader, const hub::service::Settings& settings) {
    config = load_config(reader, settings);
  };
  auto install = [&config](hub::service::Context& ctx, hub::http::RouteDispatcher& routes) {
    install_routes(ctx, routes, config, std::make_shared<Invalidator>(config.redis_url));
    start_bootstrap(ctx.db, config.data_dir);
  };
  // The reconciler's invalidations, like the routes', go to the service's Redis.
  std::shared_ptr<Invalidator> event_invalidator;
  auto on_event = [&config, &event_invalidator](hub::service::Context&, pqxx::work& tx,
                                                const hub::events::Envelope& event,
                                                hub::events::AfterCommit& after_commit) {
    if (!event_invalidator) event_invalidator = std::make_shared<Invalidator>(config.redis_url);
    handle_event(tx, event, after_commit, *event_invalidator);
  };
  return hub::service::run(argc, argv,
                           {.name = "auth",
                            .default_port = 8081,
                            .migrations = &hub::auth::migrations,
                            .configure = configure,
                            .install = install,
                            .on_event = on_event,
                            .wants_event = &hub::auth::may_handle_event});
}
