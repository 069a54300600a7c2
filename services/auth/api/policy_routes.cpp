// GET/PUT /api/organizations/{org}/settings/security (app/org_security.hpp).
#include "common/http/handler_support.hpp"
#include "services/auth/api/route_groups.hpp"
#include "services/auth/app/org_security.hpp"

namespace hub::auth {
namespace {

http::Response policy_answer(const access::OrgPolicy& p) {
  json::Writer w;
  access::write_policy(w, p);
  return http::Response::json(200, w.str());
}

}  // namespace

void install_policy_routes(service::Context& ctx, http::RouteDispatcher& routes, const InvalidatorPtr& invalidator) {
  routes.add(
      "GET", "/api/organizations/{org}/settings/security",
      [&ctx](http::Request& r) { return policy_answer(read_policy(ctx.db, http::require_user(r), r.param("org"))); },
      {.signed_in = true});
  routes.add("PUT", "/api/organizations/{org}/settings/security",
             [&ctx, invalidator](http::Request& r) {
               const access::Identity& who = http::require_user(r);
               auto body = http::json_body(r);
               return policy_answer(update_policy(ctx.db, *invalidator, who, r.param("org"), body));
             },
             {.signed_in = true});
}

}  // namespace hub::auth
