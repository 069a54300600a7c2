#pragma once
// The services the gateway forwards to, one Upstream each (its addresses, and which of them the
// health checker last saw ready), built once at start from the configured peers.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/config/config.hpp"
#include "common/http/upstream.hpp"

namespace hub::gateway {

// One service and its addresses (HUB_<SERVICE>_URL).
struct PeerConfig {
  std::string service;
  std::vector<config::HostPort> addresses;
};

using UpstreamMap = std::map<std::string, std::shared_ptr<http::Upstream>, std::less<>>;

struct Upstreams {
  std::vector<std::shared_ptr<http::Upstream>> all;  // in the peers' order, which /readyz lists them in
  UpstreamMap by_service;
};

// Throws std::invalid_argument for a peer without addresses (the configuration refuses those first).
Upstreams make_upstreams(const std::vector<PeerConfig>& peers);

}  // namespace hub::gateway
