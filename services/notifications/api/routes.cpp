#include "services/notifications/api/routes.hpp"

namespace hub::notifications {

// No route yet: the capability lands here (handlers read the request into a command, call one use
// case of app/, render the answer). Until then the gateway's routes to this service answer 404.
void install_routes(service::Context& /*ctx*/, http::RouteDispatcher& /*routes*/,
                    const NotificationsConfig& /*config*/) {}

}  // namespace hub::notifications
