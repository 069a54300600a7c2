// The order of the filters, and why: each one relies on what the ones before it established.
#include "services/gateway/chain.hpp"

#include "services/gateway/filters/authenticate_filter.hpp"
#include "services/gateway/filters/cors_filter.hpp"
#include "services/gateway/filters/forward_filter.hpp"
#include "services/gateway/filters/forwarding_headers_filter.hpp"
#include "services/gateway/filters/identity_filter.hpp"
#include "services/gateway/filters/rate_limit_filter.hpp"
#include "services/gateway/filters/refusal_limit_filter.hpp"
#include "services/gateway/filters/request_id_filter.hpp"
#include "services/gateway/filters/route_filter.hpp"

namespace hub::gateway {

FilterChain build_chain(const GatewayConfig& config, const ChainDeps& deps) {
  const std::string& redis_url = config.settings.redis_url;
  FilterChain chain;
  // First, so that every answer, even one a later filter gives locally, carries the gateway's id.
  chain.add(std::make_unique<RequestIdFilter>());
  // Before anyone reads the client address (refusal and rate limits, org IP policies) or a header
  // only the gateway may write: the client's X-Hub-* and X-Forwarded-* are gone from here on.
  chain.add(std::make_unique<ForwardingHeadersFilter>(config.forwarding));
  // Preflights before authentication: browsers send them without credentials.
  chain.add(std::make_unique<CorsFilter>());
  // The gateway's own routes are neither routed, authenticated nor limited: probes must always answer.
  chain.add(std::make_unique<LocalRoutesFilter>(deps.ready, deps.openapi));
  // Route matching before any decision: the service, and the repo or org access is decided on.
  chain.add(std::make_unique<RouteFilter>(deps.upstreams));
  // The refusal budget before authentication, so an address past it is not even asked about
  // (guessing tokens or private repo names goes no faster than the budget).
  if (config.limits_on) chain.add(std::make_unique<RefusalLimitFilter>(redis_url, config.refusal_limit));
  chain.add(std::make_unique<AuthenticateFilter>(deps.upstreams.at("auth"), deps.signer, deps.callers));
  // After authentication: a known caller is counted by token, an anonymous one by address.
  if (config.limits_on) chain.add(std::make_unique<RateLimitFilter>(redis_url, config.rate_limit));
  // Signs what authentication established, once nothing can end the request here any more.
  chain.add(std::make_unique<IdentityFilter>(deps.signer));
  chain.add(std::make_unique<ForwardFilter>());
  return chain;
}

}  // namespace hub::gateway
