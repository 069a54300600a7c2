#include "services/pulls/api/routes.hpp"

#include "services/pulls/app/commit_sync.hpp"

namespace hub::pulls {

void install_routes(service::Context& ctx, http::RouteDispatcher& routes, const PullsConfig& config) {
  auto peers = make_peers(ctx, config);
  install_change_routes(ctx, routes, peers);
  install_review_routes(ctx, routes, peers);
  install_merge_routes(ctx, routes, peers);
  install_internal_routes(ctx, routes, peers);
  // The loop that shows pull requests' commits in their threads (app/commit_sync.hpp).
  start_commit_sync(ctx, peers);
}

}  // namespace hub::pulls
