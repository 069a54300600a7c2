#pragma once
// What the gateway keeps about one request while its filters run: the client's address as the
// gateway judges it, the route the table matched, and the headers filters add to whatever answers.
// Typed and owned here; common/http only carries it (RequestContext::state).
#include <string>
#include <vector>

#include "common/http/message.hpp"

namespace hub::gateway {

struct RouteTarget;

struct GatewayRequest : http::RequestState {
  // remote_address, or the X-Forwarded-For hop a trusted proxy vouches for (HUB_TRUSTED_PROXIES).
  std::string client_address;
  const RouteTarget* route = nullptr;          // set by RouteFilter; the table outlives the request
  std::vector<http::Header> response_headers;  // e.g. the rate limit's, on every answer
};

// The request's gateway state, made on first use. Only the gateway sets RequestContext::state in its
// process, so the state found there is always a GatewayRequest.
inline GatewayRequest& gateway_state(http::Request& request) {
  if (!request.ctx.state) request.ctx.state = std::make_shared<GatewayRequest>();
  return static_cast<GatewayRequest&>(*request.ctx.state);
}

// Null before any filter made it.
inline const GatewayRequest* gateway_state(const http::Request& request) {
  return static_cast<const GatewayRequest*>(request.ctx.state.get());
}

}  // namespace hub::gateway
