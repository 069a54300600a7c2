#pragma once
// The auth service's HTTP surface: every route, installed at once.
#include <memory>

#include "common/http/route_dispatcher.hpp"
#include "common/service/service.hpp"
#include "services/auth/app/invalidator.hpp"
#include "services/auth/config.hpp"

namespace hub::auth {

// `invalidator` is told after every change that makes cached decisions stale.
void install_routes(service::Context& ctx, http::RouteDispatcher& routes, const AuthConfig& config,
                    const std::shared_ptr<Invalidator>& invalidator);

}  // namespace hub::auth
