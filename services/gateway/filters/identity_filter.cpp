// The signed identity, the only one a service believes.
#include "services/gateway/filters/identity_filter.hpp"

#include "services/gateway/request_state.hpp"

namespace hub::gateway {

http::Action IdentityFilter::on_request(http::Request& request) {
  access::Identity identity = request.ctx.identity.value_or(access::Identity{});
  const std::string& judged = gateway_state(request).client_address;
  identity.client_address = judged.empty() ? request.ctx.remote_address : judged;
  const access::Binding binding{request.method, request.target, request.ctx.request_id, access::unix_now()};
  std::string signed_identity = signer_->sign_identity(identity, binding);
  request.headers.set(access::kIdentityHeader, std::move(signed_identity));
  // The credential has done its work here: services act on the signed identity, so the secret
  // itself never travels further (nor into their logs or a compromised service's hands).
  request.headers.remove("Authorization");
  return http::action::Continue{};
}

}  // namespace hub::gateway
