// Proxying, with the matched route's class (timeouts) and body limit.
#include "services/gateway/filters/forward_filter.hpp"

#include "services/gateway/filters/route_filter.hpp"

namespace hub::gateway {

http::Action ForwardFilter::on_request(http::Request& request) {
  const RouteTarget* target = route_target(request);
  if (target == nullptr) return http::action::Continue{};
  return http::Action::proxy(http::ProxyTarget{target->upstream, target->entry->route_class, target->entry->max_body});
}

}  // namespace hub::gateway
