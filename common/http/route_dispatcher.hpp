#pragma once
// The Dispatcher of a service: a route table of handlers. Unknown paths are 404, known paths with
// another method 405 with Allow, malformed percent-encoding 400 — all as JSON errors. With a signer,
// every route not marked open requires a valid signature — X-Hub-Service on /internal/ paths,
// X-Hub-Identity elsewhere — and the verified identity lands in the request context; anything else
// is 401, so only the gateway and the services can act on a service.
#include <memory>
#include <string>
#include <string_view>

#include "common/access/identity.hpp"
#include "common/http/router.hpp"
#include "common/http/server.hpp"

namespace hub::http {

struct Route {
  Handler handler;
  HandlerOptions options;
};

class RouteDispatcher : public Dispatcher {
 public:
  void add(std::string_view method, std::string_view pattern, Handler handler, HandlerOptions options = {});
  void require_signatures(std::shared_ptr<const access::Signer> signer) { signer_ = std::move(signer); }
  Action dispatch(Request& request) override;

 private:
  // An error response when the request's signature is missing or wrong.
  std::optional<Response> verify(Request& request) const;

  Router<Route> router_;
  std::shared_ptr<const access::Signer> signer_;
};

}  // namespace hub::http
