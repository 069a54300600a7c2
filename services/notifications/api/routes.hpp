#pragma once
// The notifications service's route table: the inbox and webhook routes, and the SSE and WebSocket streams.
#include "common/http/route_dispatcher.hpp"
#include "common/service/service.hpp"
#include "services/notifications/config.hpp"

namespace hub::notifications {

void install_routes(service::Context& ctx, http::RouteDispatcher& routes, const NotificationsConfig& config);

// Each part's routes (api/<part>_routes.cpp).
void install_webhook_routes(service::Context& ctx, http::RouteDispatcher& routes, const NotificationsConfig& config);

}  // namespace hub::notifications
