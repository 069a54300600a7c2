// The auth service: see docs/architecture.md for what it owns. main() only wires it.
#include <sodium.h>

#include <cstdlib>
#include <string_view>

#include "services/auth/admin_cli.hpp"
#include "services/auth/auth_service.hpp"
#include "services/auth/event_handlers.hpp"

namespace hub::auth {
const hub::service::EmbeddedFiles& migrations();
}  // namespace hub::auth

int main(int argc, char** argv) {
  using namespace hub::auth;        // NOLINT(google-build-using-namespace)
  if (sodium_init() < 0) return 1;  // libsodium's RNG and Argon2id need it once, before any thread
  if (argc >= 2 && std::string_view(argv[1]) == "admin") return admin_main(argc, argv);
  auto install = [](hub::service::Context& ctx, hub::http::RouteDispatcher& routes) {
    AuthConfig config;
    const char* open = std::getenv("HUB_OPEN_SIGNUP");
    config.open_signup = open == nullptr || std::string_view(open) != "0";
    config.data_dir = ctx.settings.data_dir;
    config.invalidator = std::make_shared<Invalidator>(ctx.settings.redis_url);
    install_accounts(ctx, routes, config);
    install_tokens(ctx, routes, config);
    install_orgs(ctx, routes, config);
    install_registry(ctx, routes, config);
    install_groups(ctx, routes, config);
    install_org_policies(ctx, routes, config);
    install_audit(ctx, routes);
    install_whoami(ctx, routes);
    install_introspect(ctx, routes);
    install_namespace_access(ctx, routes);
    install_user_lookup(ctx, routes);
    start_bootstrap(ctx, config);
  };
  // The reconciler's invalidations, like the routes', go to the service's Redis.
  std::shared_ptr<Invalidator> event_invalidator;
  auto on_event = [&event_invalidator](hub::service::Context& ctx, pqxx::work& tx, const hub::events::Envelope& event) {
    if (!event_invalidator) event_invalidator = std::make_shared<Invalidator>(ctx.settings.redis_url);
    handle_event(tx, event, *event_invalidator);
  };
  return hub::service::run(argc, argv,
                           {.name = "auth",
                            .default_port = 8081,
                            .migrations = &hub::auth::migrations,
                            .install = install,
                            .on_event = on_event});
}
