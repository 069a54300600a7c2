#include "services/bugs/api/routes.hpp"

#include "services/bugs/app/assignment_rechecks.hpp"

namespace hub::bugs {

void install_routes(service::Context& ctx, http::RouteDispatcher& routes, const BugsConfig& config) {
  const Peers peers = make_peers(ctx, config);
  install_report_routes(ctx, routes, peers);
  install_label_routes(ctx, routes);
  // The loop that ends a removed member's assignments (app/assignment_rechecks.hpp).
  start_assignment_rechecks(ctx, peers);
}

}  // namespace hub::bugs
