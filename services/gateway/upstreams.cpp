// One Upstream per configured peer, shared by the health checker, the route filter and authentication.
#include "services/gateway/upstreams.hpp"

namespace hub::gateway {

Upstreams make_upstreams(const std::vector<PeerConfig>& peers) {
  Upstreams out;
  for (const auto& peer : peers) {
    auto upstream = std::make_shared<http::Upstream>(peer.service, peer.addresses);
    out.by_service.emplace(peer.service, upstream);
    out.all.push_back(std::move(upstream));
  }
  return out;
}

}  // namespace hub::gateway
