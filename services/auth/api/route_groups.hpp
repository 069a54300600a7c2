#pragma once
// The route tables of api/, one per file; routes.cpp installs them all.
#include <memory>

#include "common/http/route_dispatcher.hpp"
#include "common/service/service.hpp"
#include "services/auth/app/invalidator.hpp"
#include "services/auth/config.hpp"

namespace hub::auth {

using InvalidatorPtr = std::shared_ptr<Invalidator>;

void install_account_routes(service::Context& ctx, http::RouteDispatcher& routes, const AuthConfig& config,
                            const InvalidatorPtr& invalidator);
void install_token_routes(service::Context& ctx, http::RouteDispatcher& routes, const InvalidatorPtr& invalidator);
void install_org_routes(service::Context& ctx, http::RouteDispatcher& routes, const InvalidatorPtr& invalidator);
void install_registry_routes(service::Context& ctx, http::RouteDispatcher& routes, const InvalidatorPtr& invalidator);
void install_group_routes(service::Context& ctx, http::RouteDispatcher& routes, const InvalidatorPtr& invalidator);
void install_policy_routes(service::Context& ctx, http::RouteDispatcher& routes, const InvalidatorPtr& invalidator);
void install_audit_routes(service::Context& ctx, http::RouteDispatcher& routes);
void install_whoami_routes(service::Context& ctx, http::RouteDispatcher& routes);
void install_introspect_routes(service::Context& ctx, http::RouteDispatcher& routes);
void install_namespace_routes(service::Context& ctx, http::RouteDispatcher& routes);
void install_user_routes(service::Context& ctx, http::RouteDispatcher& routes);

}  // namespace hub::auth
