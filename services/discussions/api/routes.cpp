#include "services/discussions/api/routes.hpp"

namespace hub::discussions {

void install_routes(service::Context& ctx, http::RouteDispatcher& routes, const DiscussionsConfig& config) {
  install_thread_routes(ctx, routes, config);
  install_internal_routes(ctx, routes, config);
}

}  // namespace hub::discussions
