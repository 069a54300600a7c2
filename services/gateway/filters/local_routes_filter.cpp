// The gateway's own routes: probes, metrics and the API document, never forwarded.
#include "services/gateway/filters/local_routes_filter.hpp"

#include "common/http/error_response.hpp"
#include "common/metrics/metrics.hpp"

namespace hub::gateway {

LocalRoutesFilter::LocalRoutesFilter(ReadyCheck ready, std::string_view openapi)
    : ready_(std::move(ready)), openapi_(openapi) {}

http::Action LocalRoutesFilter::on_request(http::Request& request) {
  const std::string& p = request.path;
  if (p != "/healthz" && p != "/readyz" && p != "/metrics" && p != "/openapi.json") return http::action::Continue{};
  request.ctx.route = p;
  if (request.method != "GET" && request.method != "HEAD") {
    http::Response r = http::error_response(ErrorCode::kMethodNotAllowed, "use GET", request.ctx.request_id);
    r.headers.set("Allow", "GET, HEAD");
    return http::Action::reply(std::move(r));
  }
  if (p == "/healthz") return http::Action::reply(http::Response::json(200, R"({"status":"ok"})"));
  if (p == "/readyz") {
    auto [ready, body] = ready_();
    return http::Action::reply(http::Response::json(ready ? 200 : 503, std::move(body)));
  }
  if (p == "/metrics") {
    return http::Action::reply(
        http::Response::text(200, metrics::Registry::global().render(), "text/plain; version=0.0.4; charset=utf-8"));
  }
  return http::Action::reply(http::Response::json(200, std::string(openapi_)));
}

}  // namespace hub::gateway
