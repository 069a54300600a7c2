#pragma once
// Every request gets a fresh X-Request-Id: ids the gateway hands out are unique, so a client cannot
// make two requests look like one in the logs.
#include <optional>

#include "services/gateway/filter_chain.hpp"

namespace hub::gateway {

class RequestIdFilter : public Filter {
 public:
  http::Action on_request(http::Request& request) override;
};

}  // namespace hub::gateway
