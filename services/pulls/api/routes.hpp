#pragma once
// The pulls service's route table: the review routes (files changed, model diff, reviews, line comments, requested
// reviewers, merge).
#include "common/http/route_dispatcher.hpp"
#include "common/service/service.hpp"
#include "services/pulls/config.hpp"

namespace hub::pulls {

void install_routes(service::Context& ctx, http::RouteDispatcher& routes, const PullsConfig& config);

}  // namespace hub::pulls
