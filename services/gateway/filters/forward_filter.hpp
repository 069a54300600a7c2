#pragma once
// The last filter: the request is proxied to the service RouteFilter chose.
#include <optional>

#include "services/gateway/filter_chain.hpp"

namespace hub::gateway {

class ForwardFilter : public Filter {
 public:
  http::Action on_request(http::Request& request) override;
};

}  // namespace hub::gateway
