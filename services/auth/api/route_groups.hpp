#pragma once
// The handlers of api/, one file per area, and the few route tables that hold state of their own;
// routes.cpp lists every route of the service in one table.
#include <memory>

#include "common/http/route_dispatcher.hpp"
#include "common/service/service.hpp"
#include "services/auth/app/invalidator.hpp"
#include "services/auth/config.hpp"

namespace hub::auth {

using InvalidatorPtr = std::shared_ptr<Invalidator>;

// Tables with state of their own: the login limiter, the cursor sealer, handlers written in place.
void install_account_routes(service::Context& ctx, http::RouteDispatcher& routes, const AuthConfig& config,
                            const InvalidatorPtr& invalidator);
void install_policy_routes(service::Context& ctx, http::RouteDispatcher& routes, const InvalidatorPtr& invalidator);
void install_audit_routes(service::Context& ctx, http::RouteDispatcher& routes);

// The two kinds of handler in the table: one that changes nothing a cached decision depends on, and
// one that does and so tells the invalidator (after its commit). Declared by kind, so the table
// cannot pair a handler with the wrong wrapper.
using Handler = http::Response(service::Context& ctx, http::Request& req);
using InvalidatingHandler = http::Response(service::Context& ctx, Invalidator& invalidator, http::Request& req);

// token_routes.cpp
Handler list_tokens_route, create_token_route;
InvalidatingHandler revoke_token_route, revoke_credentials_route;
// org_routes.cpp
Handler create_org_route, show_org_route, org_members_route;
InvalidatingHandler set_member_role_route, remove_member_route;
// registry_routes.cpp
InvalidatingHandler put_repo_route, delete_repo_route;
Handler decide_route;
// group_routes.cpp
Handler list_groups_route, create_group_route;
InvalidatingHandler add_group_users_route, add_group_repos_route;
// whoami_routes.cpp, introspect_routes.cpp, namespace_routes.cpp, user_routes.cpp
Handler whoami_route, introspect_route, namespace_access_route, readable_private_route, lookup_users_route;
Handler webhook_owner_route, lookup_namespaces_route;
// people_routes.cpp
Handler repo_people_route;
Handler readable_repos_route;

}  // namespace hub::auth
