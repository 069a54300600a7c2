// Every route of the auth service, in the order they were always added: one table for the handlers
// that need only the context (and the invalidator), the route tables with state of their own
// between them.
#include "services/auth/api/routes.hpp"

#include <initializer_list>
#include <string_view>
#include <variant>

#include "services/auth/api/route_groups.hpp"

namespace hub::auth {
namespace {

struct Route {
  std::string_view method;
  std::string_view path;
  std::variant<Handler*, InvalidatingHandler*> handler;
  bool signed_in = false;  // anonymous callers are refused before the handler runs
};

void add_routes(service::Context& ctx, http::RouteDispatcher& routes, const InvalidatorPtr& invalidator,
                std::initializer_list<Route> table) {
  for (const Route& route : table) {
    const http::HandlerOptions options{.signed_in = route.signed_in};
    if (const auto* plain = std::get_if<Handler*>(&route.handler)) {
      routes.add(
          route.method, route.path, [&ctx, handler = *plain](http::Request& r) { return handler(ctx, r); }, options);
    } else {
      routes.add(
          route.method, route.path,
          [&ctx, invalidator, handler = std::get<InvalidatingHandler*>(route.handler)](http::Request& r) {
            return handler(ctx, *invalidator, r);
          },
          options);
    }
  }
}

}  // namespace

void install_routes(service::Context& ctx, http::RouteDispatcher& routes, const AuthConfig& config,
                    const std::shared_ptr<Invalidator>& invalidator) {
  install_account_routes(ctx, routes, config, invalidator);
  add_routes(ctx, routes, invalidator,
             {{"GET", "/api/settings/tokens", list_tokens_route, true},
              {"POST", "/api/settings/tokens", create_token_route, true},
              {"DELETE", "/api/settings/tokens/{id}", revoke_token_route, true},
              {"POST", "/api/credentials/revoke", revoke_credentials_route},
              {"POST", "/api/organizations", create_org_route, true},
              {"GET", "/api/organizations/{org}", show_org_route},
              {"GET", "/api/organizations/{org}/members", org_members_route, true},
              {"PUT", "/api/organizations/{org}/members/{user}/role", set_member_role_route, true},
              {"DELETE", "/api/organizations/{org}/members/{user}", remove_member_route, true},
              {"PUT", "/internal/repos/{id}", put_repo_route},
              {"DELETE", "/internal/repos/{id}", delete_repo_route},
              {"POST", "/internal/decide", decide_route},
              {"GET", "/api/organizations/{org}/resource-groups", list_groups_route, true},
              {"POST", "/api/organizations/{org}/resource-groups", create_group_route, true},
              {"POST", "/api/organizations/{org}/resource-groups/{id}/users", add_group_users_route, true},
              {"POST", "/api/organizations/{org}/resource-groups/{id}/repos", add_group_repos_route, true}});
  install_policy_routes(ctx, routes, invalidator);
  install_audit_routes(ctx, routes);
  add_routes(ctx, routes, invalidator,
             {{"GET", "/api/whoami-v2", whoami_route},
              {"POST", "/internal/introspect", introspect_route},
              {"POST", "/internal/namespace-access", namespace_access_route},
              {"POST", "/internal/readable-private-repos", readable_private_route},
              {"POST", "/internal/users/lookup", lookup_users_route},
              {"POST", "/internal/repo-people", repo_people_route},
              {"POST", "/internal/readable-repos", readable_repos_route},
              {"POST", "/internal/webhook-owner", webhook_owner_route},
              {"POST", "/internal/namespaces", lookup_namespaces_route}});
}

}  // namespace hub::auth
