#pragma once
// /healthz, /readyz, /metrics and /openapi.json, answered by the gateway itself.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "services/gateway/filter_chain.hpp"

namespace hub::gateway {

class LocalRoutesFilter : public Filter {
 public:
  // Whether the gateway is ready, and the /readyz body that says why.
  using ReadyCheck = std::function<std::pair<bool, std::string>()>;
  LocalRoutesFilter(ReadyCheck ready, std::string_view openapi);
  http::Action on_request(http::Request& request) override;

 private:
  ReadyCheck ready_;
  std::string_view openapi_;
};

}  // namespace hub::gateway
