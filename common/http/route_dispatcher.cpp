#include "common/http/route_dispatcher.hpp"

#include "common/http/error_response.hpp"
#include "common/http/handler_support.hpp"
#include "common/log/log.hpp"

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
  request.ctx.route = match.route.pattern;
  if (signer_ && !match.value->options.open) {
    if (auto refused = verify(request)) return Action::reply(std::move(*refused));
  }
  if (match.value->options.signed_in && !signed_in(request)) {
    return Action::reply(error_response(authentication_required(), request.ctx.request_id));
  }
  return Action::handle(match.value->handler, match.value->options);
}

std::optional<Response> RouteDispatcher::verify(Request& request) const {
  const access::Binding binding{request.method, request.target, request.ctx.request_id, access::unix_now()};
  std::string reason;
  if (request.path.starts_with("/internal/")) {
    auto caller = signer_->verify_service(request.headers.get(access::kServiceHeader), binding);
    if (caller) {
      request.ctx.caller_service = std::move(caller).value();
      return std::nullopt;
    }
    reason = caller.error();
  } else {
    auto identity = signer_->verify_identity(request.headers.get(access::kIdentityHeader), binding);
    if (identity) {
      request.ctx.identity = std::move(identity).value();
      return std::nullopt;
    }
    reason = identity.error();
  }
  log::warn("unsigned or badly signed request refused", {{"path", request.path},
                                                         {"reason", reason},
                                                         {"requestId", request.ctx.request_id},
                                                         {"remote", request.ctx.remote_address}});
  return error_response(ErrorCode::kUnauthorized, "requests reach services only through the gateway",
                        request.ctx.request_id);
}

}  // namespace hub::http
