#pragma once
// The pulls service's route table: the review routes of a pull request (files changed with the
// model-aware diff, a file's diff, reviews and their comments, requested reviewers, mergeability,
// merge) and the internal one discussions calls to open a pull request.
#include <memory>

#include "common/http/route_dispatcher.hpp"
#include "common/service/service.hpp"
#include "services/pulls/app/peers.hpp"
#include "services/pulls/config.hpp"

namespace hub::pulls {

void install_routes(service::Context& ctx, http::RouteDispatcher& routes, const PullsConfig& config);

void install_change_routes(service::Context& ctx, http::RouteDispatcher& routes, std::shared_ptr<Peers> peers);
void install_review_routes(service::Context& ctx, http::RouteDispatcher& routes, std::shared_ptr<Peers> peers);
void install_merge_routes(service::Context& ctx, http::RouteDispatcher& routes, std::shared_ptr<Peers> peers);
void install_internal_routes(service::Context& ctx, http::RouteDispatcher& routes, const std::shared_ptr<Peers>& peers);

// /api/{type}/{namespace}/{name}/discussions/{num}
inline constexpr const char* kPullPath = "/api/{type:models|datasets|spaces}/{namespace}/{name}/discussions/{num}";

}  // namespace hub::pulls
