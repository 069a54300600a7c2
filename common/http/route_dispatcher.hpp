#pragma once
// The Dispatcher of a service: a route table of handlers. Unknown paths are 404, known paths with
// another method 405 with Allow, malformed percent-encoding 400 — all as JSON errors.
#include <string>
#include <string_view>

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
  Action dispatch(Request& request) override;

 private:
  Router<Route> router_;
};

}  // namespace hub::http
