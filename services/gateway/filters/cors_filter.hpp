#pragma once
// Browsers: preflights answered here, and the Hub's exposed headers (docs/hub-contract.md §0) on every
// response. Credentials are bearer tokens, never cookies, so any origin may call.
#include <optional>

#include "services/gateway/filter_chain.hpp"

namespace hub::gateway {

class CorsFilter : public Filter {
 public:
  http::Action on_request(http::Request& request) override;
  void on_response(const http::Request& request, http::Headers& headers, int status) override;
};

}  // namespace hub::gateway
