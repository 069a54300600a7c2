#pragma once
// Signs, for the service, who the request is for: the identity earlier filters established
// (anonymous until one did), bound to this method, target and request id. It runs after the
// client's own X-Hub-* headers were stripped, so the only X-Hub-Identity a service sees is this one;
// and it drops the Authorization header, so no service ever receives a caller's secret.
#include <memory>

#include "common/access/identity.hpp"
#include "services/gateway/filter_chain.hpp"

namespace hub::gateway {

class IdentityFilter : public Filter {
 public:
  explicit IdentityFilter(std::shared_ptr<const access::Signer> signer) : signer_(std::move(signer)) {}
  http::Action on_request(http::Request& request) override;

 private:
  std::shared_ptr<const access::Signer> signer_;
};

}  // namespace hub::gateway
