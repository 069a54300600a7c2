#pragma once
// The inbox's routes (docs/inbox.md): the inbox API under /api/notifications, watching a repo
// (/api/{type}/{namespace}/{name}/subscription) or an organization
// (/api/organizations/{org}/subscription); and the fan-out loop that fills the inbox from events.
#include "common/http/route_dispatcher.hpp"
#include "common/service/service.hpp"
#include "services/notifications/config.hpp"

namespace hub::notifications {

void install_inbox_routes(service::Context& ctx, http::RouteDispatcher& routes, const NotificationsConfig& config);

}  // namespace hub::notifications
