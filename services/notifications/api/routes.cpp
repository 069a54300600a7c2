#include "services/notifications/api/routes.hpp"

#include "services/notifications/api/inbox_routes.hpp"
#include "services/notifications/api/live_routes.hpp"

namespace hub::notifications {

// Each part of the capability installs its own routes (handlers read the request into a command,
// call one use case of app/, render the answer).
void install_routes(service::Context& ctx, http::RouteDispatcher& routes, const NotificationsConfig& config) {
  install_webhook_routes(ctx, routes, config);
  install_inbox_routes(ctx, routes, config);
  install_live_routes(ctx, routes, config);
}

}  // namespace hub::notifications
