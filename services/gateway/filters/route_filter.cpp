// Route matching, once per request: later filters read the match through route_target().
#include "services/gateway/filters/route_filter.hpp"

#include <stdexcept>
#include <string>

#include "common/http/error_response.hpp"
#include "services/gateway/request_state.hpp"

namespace hub::gateway {

RouteFilter::RouteFilter(const UpstreamMap& upstreams) {
  for (const auto& entry : route_table()) {
    auto it = upstreams.find(entry.service);
    if (it == upstreams.end()) {
      throw std::invalid_argument("route table names an unconfigured service: " + std::string(entry.service));
    }
    router_.add("*", entry.pattern, RouteTarget{it->second, &entry, scope_of(entry)});
  }
}

http::Action RouteFilter::on_request(http::Request& request) {
  auto match = router_.match(request.method, request.path, false);  // the path is forwarded as it came
  if (match.route.bad_path) {
    request.ctx.route = "unmatched";
    return http::Action::reply(
        http::error_response(ErrorCode::kBadRequest, "malformed percent-encoding in path", request.ctx.request_id));
  }
  if (!match.value) {
    request.ctx.route = "unmatched";
    return http::Action::reply(
        http::error_response(ErrorCode::kNotFound, "no such endpoint: " + request.path, request.ctx.request_id));
  }
  request.ctx.route = match.route.pattern;
  gateway_state(request).route = match.value;
  if (match.value->scope != RouteScope::kNone) {
    // Access is decided by the repo or org the path names: decode those names. A name that does not
    // decode (NUL, bytes that are not UTF-8) is the client's mistake, answered here: auth is never
    // asked about it.
    auto decoded = router_.match(request.method, request.path, true).route;
    if (decoded.bad_path) {
      return http::Action::reply(http::error_response(
          ErrorCode::kBadRequest, "malformed path: names are UTF-8 text without NUL", request.ctx.request_id));
    }
    request.params = std::move(decoded.params);
  }
  return http::action::Continue{};
}

const RouteTarget* route_target(const http::Request& request) {
  const GatewayRequest* state = gateway_state(request);
  return state != nullptr ? state->route : nullptr;
}

}  // namespace hub::gateway
