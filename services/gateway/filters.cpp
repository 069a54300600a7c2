#include "services/gateway/filters.hpp"

#include "common/http/error_response.hpp"
#include "common/metrics/metrics.hpp"
#include "common/util/random.hpp"
#include "common/util/strings.hpp"

namespace hub::gateway {

std::optional<http::Action> RequestIdFilter::on_request(http::Request& request) {
  // The server already gave the request a fresh id unless the client sent one; that one is replaced.
  if (request.headers.has("X-Request-Id")) {
    request.ctx.request_id = util::random_id();
    request.headers.set("X-Request-Id", request.ctx.request_id);
  } else {
    request.headers.add("X-Request-Id", request.ctx.request_id);
  }
  return std::nullopt;
}

std::optional<http::Action> ForwardingHeadersFilter::on_request(http::Request& request) {
  if (trusted_.empty()) {
    request.ctx.client_address = request.ctx.remote_address;
  } else {
    std::string chain;  // every X-Forwarded-For line, in order
    for (const auto& h : request.headers) {
      if (!util::iequals(h.name, "X-Forwarded-For")) continue;
      if (!chain.empty()) chain += ',';
      chain += h.value;
    }
    request.ctx.client_address = net::client_address(request.ctx.remote_address, chain, trusted_);
  }
  request.headers.remove_if([](std::string_view name) {
    return util::istarts_with(name, "x-hub-") || util::istarts_with(name, "x-forwarded-") ||
           util::iequals(name, "forwarded");
  });
  request.headers.set("X-Forwarded-For", request.ctx.client_address);
  request.headers.set("X-Forwarded-Proto", proto_);
  return std::nullopt;
}

namespace {
constexpr std::string_view kExposed =
    "X-Repo-Commit, X-Request-Id, X-Error-Code, X-Error-Message, X-Total-Count, ETag, Link, Accept-Ranges, "
    "Content-Range, X-Linked-Etag, X-Linked-Size, RateLimit, RateLimit-Policy, Retry-After";
}  // namespace

std::optional<http::Action> CorsFilter::on_request(http::Request& request) {
  if (request.method != "OPTIONS" || !request.headers.has("Origin") ||
      !request.headers.has("Access-Control-Request-Method")) {
    return std::nullopt;
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

LocalRoutesFilter::LocalRoutesFilter(ReadyCheck ready, std::string_view openapi)
    : ready_(std::move(ready)), openapi_(openapi) {}

std::optional<http::Action> LocalRoutesFilter::on_request(http::Request& request) {
  const std::string& p = request.path;
  if (p != "/healthz" && p != "/readyz" && p != "/metrics" && p != "/openapi.json") return std::nullopt;
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

RouteFilter::RouteFilter(std::map<std::string, std::shared_ptr<http::Upstream>, std::less<>> upstreams) {
  for (const auto& entry : route_table()) {
    auto it = upstreams.find(entry.service);
    if (it == upstreams.end()) {
      throw std::invalid_argument("route table names an unconfigured service: " + std::string(entry.service));
    }
    router_.add("*", entry.pattern, RouteTarget{it->second, &entry, scope_of(entry)});
  }
}

std::optional<http::Action> RouteFilter::on_request(http::Request& request) {
  auto match = router_.match(request.method, request.path, false);  // the path is forwarded as it came
  if (match.route.bad_path) {
    request.ctx.route = "unmatched";
    return http::Action::reply(
        http::error_response(ErrorCode::kBadRequest, "malformed percent-encoding in path", request.ctx.request_id));
  }
  if (!match.value) {
    request.ctx.route = "unmatched";
    return http::Action::reply(
        http::error_response(ErrorCode::kNotFound, "no such endpoint: " + request.path, request.ctx.request_id));
  }
  request.ctx.route = match.route.pattern;
  request.ctx.route_value = match.value;
  if (match.value->scope != RouteScope::kNone) {
    // Access is decided by the repo or org the path names: decode those names. A name that does not
    // decode (NUL, bytes that are not UTF-8) is the client's mistake, answered here: auth is never
    // asked about it.
    auto decoded = router_.match(request.method, request.path, true).route;
    if (decoded.bad_path) {
      return http::Action::reply(http::error_response(
          ErrorCode::kBadRequest, "malformed path: names are UTF-8 text without NUL", request.ctx.request_id));
    }
    request.params = std::move(decoded.params);
  }
  return std::nullopt;
}

const RouteTarget* route_target(const http::Request& request) {
  return static_cast<const RouteTarget*>(request.ctx.route_value);
}

std::optional<http::Action> ForwardFilter::on_request(http::Request& request) {
  const RouteTarget* target = route_target(request);
  if (target == nullptr) return std::nullopt;
  http::Action action;
  action.proxy = http::ProxyTarget{target->upstream, target->entry->route_class, target->entry->max_body};
  return action;
}

http::Action FilterChain::dispatch(http::Request& request) {
  return dispatch_from(0, request, false);
}

http::Action FilterChain::dispatch_from(std::size_t first, http::Request& request, bool on_pool) {
  for (std::size_t i = first; i < filters_.size(); ++i) {
    auto action = filters_[i]->on_request(request);
    if (!action) continue;
    if (action->ask) {
      // The answer arrives on the I/O thread: the rest of the chain runs there too.
      action->ask->then = [this, i, &request,
                           then = std::move(action->ask->then)](std::optional<http::ClientResponse> answer) {
        http::Action decided = then(std::move(answer));
        return decided.undecided() ? dispatch_from(i + 1, request, false) : decided;
      };
    } else if (action->deferred) {
      if (on_pool) {
        http::Action decided = action->deferred();
        if (decided.undecided()) continue;
        return decided;
      }
      action->deferred = [this, i, &request, work = std::move(action->deferred)]() {
        http::Action decided = work();
        return decided.undecided() ? dispatch_from(i + 1, request, true) : decided;
      };
    }
    return std::move(*action);
  }
  return http::Action::reply(http::error_response(ErrorCode::kNotFound, "no such endpoint", request.ctx.request_id));
}

void FilterChain::finish(const http::Request& request, http::Headers& headers, int status) {
  for (const auto& h : request.ctx.response_headers)
    headers.set(h.name, h.value);
  for (const auto& f : filters_)
    f->on_response(request, headers, status);
}

}  // namespace hub::gateway
