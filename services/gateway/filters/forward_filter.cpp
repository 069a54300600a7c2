// Proxying, with the matched route's class (timeouts) and body limit.
#include "services/gateway/filters/forward_filter.hpp"

#include "services/gateway/filters/route_filter.hpp"

namespace hub::gateway {

std::optional<http::Action> ForwardFilter::on_request(http::Request& request) {
  const RouteTarget* target = route_target(request);
  if (target == nullptr) return std::nullopt;
  http::Action action;
  action.proxy = http::ProxyTarget{target->upstream, target->entry->route_class, target->entry->max_body};
  return action;
}

}  // namespace hub::gateway
