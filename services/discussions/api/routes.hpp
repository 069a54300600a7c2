#pragma once
// The discussions service's route table: the Hub's discussions routes (list, create, details,
// comment, edit, hide, status, title) with our pin, lock and reactions, and the internal ones repos
// and pulls call.
#include "common/http/route_dispatcher.hpp"
#include "common/service/service.hpp"
#include "services/discussions/config.hpp"

namespace hub::discussions {

void install_routes(service::Context& ctx, http::RouteDispatcher& routes, const DiscussionsConfig& config);

void install_thread_routes(service::Context& ctx, http::RouteDispatcher& routes, const DiscussionsConfig& config);
void install_internal_routes(service::Context& ctx, http::RouteDispatcher& routes, const DiscussionsConfig& config);

}  // namespace hub::discussions
