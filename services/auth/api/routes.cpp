// Installs every route table of the auth service, in the order they were always added.
#include "services/auth/api/routes.hpp"

#include "services/auth/api/route_groups.hpp"

namespace hub::auth {

void install_routes(service::Context& ctx, http::RouteDispatcher& routes, const AuthConfig& config,
                    const std::shared_ptr<Invalidator>& invalidator) {
  install_account_routes(ctx, routes, config, invalidator);
  install_token_routes(ctx, routes, invalidator);
  install_org_routes(ctx, routes, invalidator);
  install_registry_routes(ctx, routes, invalidator);
  install_group_routes(ctx, routes, invalidator);
  install_policy_routes(ctx, routes, invalidator);
  install_audit_routes(ctx, routes);
  install_whoami_routes(ctx, routes);
  install_introspect_routes(ctx, routes);
  install_namespace_routes(ctx, routes);
  install_user_routes(ctx, routes);
}

}  // namespace hub::auth
