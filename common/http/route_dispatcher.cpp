#include "common/http/route_dispatcher.hpp"

#include "common/http/error_response.hpp"

namespace hub::http {

void RouteDispatcher::add(std::string_view method, std::string_view pattern, Handler handler, HandlerOptions options) {
  router_.add(method, pattern, Route{std::move(handler), options});
}

Action RouteDispatcher::dispatch(Request& request) {
  auto match = router_.match(request.method, request.path);
  if (match.route.bad_path) {
    return Action::reply(
        error_response(ErrorCode::kBadRequest, "malformed percent-encoding in path", request.ctx.request_id));
  }
  if (!match.value) {
    if (!match.route.allowed.empty()) {
      std::string allow;
      for (const auto& m : match.route.allowed)
        allow += (allow.empty() ? "" : ", ") + m;
      Response r = error_response(ErrorCode::kMethodNotAllowed, "method " + request.method + " not allowed here",
                                  request.ctx.request_id);
      r.headers.set("Allow", allow);
      return Action::reply(std::move(r));
    }
    return Action::reply(
        error_response(ErrorCode::kNotFound, "no such endpoint: " + request.path, request.ctx.request_id));
  }
  request.params = std::move(match.route.params);
  request.ctx.route = std::string(match.route.pattern);
  Action action;
  action.handler = &match.value->handler;
  action.options = match.value->options;
  return action;
}

}  // namespace hub::http
