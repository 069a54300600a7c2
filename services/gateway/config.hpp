#pragma once
// The gateway's configuration: read once at start (config::Reader, with the common settings),
// immutable afterwards. Every default is written here or in the config struct of the part that
// uses it, and nowhere else; main() and the chain builder only read it.
#include <chrono>
#include <string>
#include <vector>

#include "common/config/config.hpp"
#include "common/service/settings.hpp"
#include "services/gateway/caller_cache.hpp"
#include "services/gateway/filters/forwarding_headers_filter.hpp"
#include "services/gateway/filters/rate_limit_filter.hpp"
#include "services/gateway/filters/refusal_limit_filter.hpp"
#include "services/gateway/upstreams.hpp"

namespace hub::gateway {

struct GatewayConfig {
  service::Settings settings;  // the common ones: listening, secrets, Redis, logging, timeouts
  // The services behind the gateway (HUB_AUTH_URL, HUB_REPOS_URL, …), each with at least one address.
  std::vector<PeerConfig> peers;
  std::chrono::milliseconds health_interval{1000};  // HUB_HEALTH_INTERVAL: how often each upstream is asked
  ForwardingHeadersConfig forwarding;
  CallerCacheConfig caller_cache;
  bool limits_on = true;  // HUB_RATE_LIMIT: off turns off both the rate limits and the refusal limit
  RateLimitConfig rate_limit;
  RefusalLimitConfig refusal_limit;
};

// Reads every variable; problems are recorded in `reader` (call reader.check() afterwards).
GatewayConfig load_config(config::Reader& reader);

}  // namespace hub::gateway
