#pragma once
// The gateway's filter chain, built from its configuration in one place (chain.cpp), which says
// why the filters run in the order they do.
#include <memory>
#include <string_view>

#include "common/access/identity.hpp"
#include "services/gateway/caller_cache.hpp"
#include "services/gateway/config.hpp"
#include "services/gateway/filter_chain.hpp"
#include "services/gateway/filters/local_routes_filter.hpp"
#include "services/gateway/upstreams.hpp"

namespace hub::gateway {

// What the filters share with the rest of the process: built by main() before the chain, and
// outliving it.
struct ChainDeps {
  const UpstreamMap& upstreams;  // every peer of the configuration, by service
  std::shared_ptr<const access::Signer> signer;
  std::shared_ptr<CallerCache> callers;  // kept honest by the invalidation listener
  LocalRoutesFilter::ReadyCheck ready;   // /readyz
  std::string_view openapi;              // /openapi.json
};

// Throws std::invalid_argument when the route table names a service the configuration lacks.
FilterChain build_chain(const GatewayConfig& config, const ChainDeps& deps);

}  // namespace hub::gateway
