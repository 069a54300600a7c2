#include "services/bugs/api/routes.hpp"

namespace hub::bugs {

void install_routes(service::Context& ctx, http::RouteDispatcher& routes, const BugsConfig& config) {
  install_report_routes(ctx, routes, make_peers(ctx, config));
  install_label_routes(ctx, routes);
}

}  // namespace hub::bugs
