#pragma once
// The live streams' routes: POST /api/notifications/stream-ticket, GET /api/notifications/stream
// (Server-Sent Events) and GET /api/notifications/ws (WebSocket). See docs/live.md.
#include "common/http/route_dispatcher.hpp"
#include "common/service/service.hpp"
#include "services/notifications/config.hpp"

namespace hub::notifications {

void install_live_routes(service::Context& ctx, http::RouteDispatcher& routes, const NotificationsConfig& config);

}  // namespace hub::notifications
