#pragma once
// Matches the route table before anyone decides: which service answers, and which repo or org the
// path is about (its parameters are decoded only then). Unknown paths end here with 404.
#include <memory>
#include <optional>

#include "common/http/router.hpp"
#include "services/gateway/filter_chain.hpp"
#include "services/gateway/route_table.hpp"
#include "services/gateway/upstreams.hpp"

namespace hub::gateway {

// What the route table matched: the service's upstream and the entry (with its scope).
struct RouteTarget {
  std::shared_ptr<http::Upstream> upstream;
  const RouteEntry* entry;
  RouteScope scope;
};

class RouteFilter : public Filter {
 public:
  // Throws std::invalid_argument when the route table names a service without an upstream.
  explicit RouteFilter(const UpstreamMap& upstreams);
  http::Action on_request(http::Request& request) override;

 private:
  http::Router<RouteTarget> router_;
};

// The matched route's target, or null before RouteFilter ran.
const RouteTarget* route_target(const http::Request& request);

}  // namespace hub::gateway
