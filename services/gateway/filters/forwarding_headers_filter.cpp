// The client address, and the forwarding headers a service may trust because the gateway wrote them.
#include "services/gateway/filters/forwarding_headers_filter.hpp"

#include "common/util/strings.hpp"
#include "services/gateway/request_state.hpp"

namespace hub::gateway {

http::Action ForwardingHeadersFilter::on_request(http::Request& request) {
  if (config_.trusted_proxies.empty()) {
    gateway_state(request).client_address = request.ctx.remote_address;
  } else {
    std::string chain;  // every X-Forwarded-For line, in order
    for (const auto& h : request.headers) {
      if (!util::iequals(h.name, "X-Forwarded-For")) continue;
      if (!chain.empty()) chain += ',';
      chain += h.value;
    }
    gateway_state(request).client_address =
        net::client_address(request.ctx.remote_address, chain, config_.trusted_proxies);
  }
  request.headers.remove_if([](std::string_view name) {
    return util::istarts_with(name, "x-hub-") || util::istarts_with(name, "x-forwarded-") ||
           util::iequals(name, "forwarded");
  });
  request.headers.set("X-Forwarded-For", gateway_state(request).client_address);
  request.headers.set("X-Forwarded-Proto", config_.public_proto);
  return http::action::Continue{};
}

}  // namespace hub::gateway
