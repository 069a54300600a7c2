// CORS for browser clients: the preflight answer and the headers they may read.
#include "services/gateway/filters/cors_filter.hpp"

#include <string_view>

namespace hub::gateway {

namespace {
constexpr std::string_view kExposed =
    "X-Repo-Commit, X-Request-Id, X-Error-Code, X-Error-Message, X-Total-Count, ETag, Link, Accept-Ranges, "
    "Content-Range, X-Linked-Etag, X-Linked-Size, RateLimit, RateLimit-Policy, Retry-After";
}  // namespace

http::Action CorsFilter::on_request(http::Request& request) {
  if (request.method != "OPTIONS" || !request.headers.has("Origin") ||
      !request.headers.has("Access-Control-Request-Method")) {
    return http::action::Continue{};
  }
  request.ctx.route = "cors-preflight";
  http::Response r = http::Response::empty(204);
  r.headers.set("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
  std::string_view asked = request.headers.get("Access-Control-Request-Headers");
  r.headers.set("Access-Control-Allow-Headers",
                asked.empty() ? std::string_view("Authorization, Content-Type, Range") : asked);
  r.headers.set("Access-Control-Max-Age", "600");
  return http::Action::reply(std::move(r));
}

void CorsFilter::on_response(const http::Request& request, http::Headers& headers, int /*status*/) {
  if (!request.headers.has("Origin")) return;
  headers.set("Access-Control-Allow-Origin", "*");
  headers.set("Access-Control-Expose-Headers", kExposed);
}

}  // namespace hub::gateway
