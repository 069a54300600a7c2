#pragma once
// Only the gateway may speak for a caller: X-Hub-* headers from outside never reach a service.
// X-Forwarded-* are rewritten from what the gateway itself saw; the client address is the peer, or
// behind a trusted proxy (HUB_TRUSTED_PROXIES) the hop that proxy vouches for.
#include <optional>
#include <string>
#include <vector>

#include "common/net/address.hpp"
#include "services/gateway/filter_chain.hpp"

namespace hub::gateway {

struct ForwardingHeadersConfig {
  std::string public_proto = "http";       // X-Forwarded-Proto: https when HUB_PUBLIC_URL is https://
  std::vector<net::Cidr> trusted_proxies;  // HUB_TRUSTED_PROXIES: whose X-Forwarded-For is believed
};

class ForwardingHeadersFilter : public Filter {
 public:
  explicit ForwardingHeadersFilter(ForwardingHeadersConfig config) : config_(std::move(config)) {}
  http::Action on_request(http::Request& request) override;

 private:
  ForwardingHeadersConfig config_;
};

}  // namespace hub::gateway
