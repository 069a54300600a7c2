#pragma once
// The gateway is an ordered chain of small filters (Envoy's shape): each looks at the request once
// its header has arrived and either lets it continue or answers it locally; on the way back each
// may add response headers. Filters run on I/O threads and never block: a decision that needs a
// peer's answer asks it asynchronously (Action::ask), one that needs a blocking call defers it.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/http/router.hpp"
#include "common/http/server.hpp"
#include "common/net/address.hpp"
#include "services/gateway/route_table.hpp"

namespace hub::gateway {

class Filter {
 public:
  virtual ~Filter() = default;
  // nullopt: continue with the next filter.
  virtual std::optional<http::Action> on_request(http::Request& request) = 0;
  virtual void on_response(const http::Request& /*request*/, http::Headers& /*headers*/, int /*status*/) {}
};

// Every request gets a fresh X-Request-Id: ids the gateway hands out are unique, so a client cannot
// make two requests look like one in the logs.
class RequestIdFilter : public Filter {
 public:
  std::optional<http::Action> on_request(http::Request& request) override;
};

// Only the gateway may speak for a caller: X-Hub-* headers from outside never reach a service.
// X-Forwarded-* are rewritten from what the gateway itself saw; the client address is the peer, or
// behind a trusted proxy (HUB_TRUSTED_PROXIES) the hop that proxy vouches for.
class ForwardingHeadersFilter : public Filter {
 public:
  ForwardingHeadersFilter(std::string public_proto, std::vector<net::Cidr> trusted_proxies)
      : proto_(std::move(public_proto)), trusted_(std::move(trusted_proxies)) {}
  std::optional<http::Action> on_request(http::Request& request) override;

 private:
  std::string proto_;
  std::vector<net::Cidr> trusted_;
};

// Browsers: preflights answered here, and the Hub's exposed headers (docs/hub-contract.md §0) on every
// response. Credentials are bearer tokens, never cookies, so any origin may call.
class CorsFilter : public Filter {
 public:
  std::optional<http::Action> on_request(http::Request& request) override;
  void on_response(const http::Request& request, http::Headers& headers, int status) override;
};

// /healthz, /readyz, /metrics and /openapi.json, answered by the gateway itself.
class LocalRoutesFilter : public Filter {
 public:
  using ReadyCheck = std::function<std::pair<bool, std::string>()>;
  LocalRoutesFilter(ReadyCheck ready, std::string_view openapi);
  std::optional<http::Action> on_request(http::Request& request) override;

 private:
  ReadyCheck ready_;
  std::string_view openapi_;
};

// What the route table matched: the service's upstream and the entry (with its scope).
struct RouteTarget {
  std::shared_ptr<http::Upstream> upstream;
  const RouteEntry* entry;
  RouteScope scope;
};

// Matches the route table before anyone decides: which service answers, and which repo or org the
// path is about (its parameters are decoded only then). Unknown paths end here with 404.
class RouteFilter : public Filter {
 public:
  explicit RouteFilter(std::map<std::string, std::shared_ptr<http::Upstream>, std::less<>> upstreams);
  std::optional<http::Action> on_request(http::Request& request) override;

 private:
  http::Router<RouteTarget> router_;
};

// The matched route's target, or null before RouteFilter ran.
const RouteTarget* route_target(const http::Request& request);

// The last filter: the request is proxied to the service RouteFilter chose.
class ForwardFilter : public Filter {
 public:
  std::optional<http::Action> on_request(http::Request& request) override;
};

class FilterChain : public http::Dispatcher {
 public:
  void add(std::unique_ptr<Filter> filter) { filters_.push_back(std::move(filter)); }
  http::Action dispatch(http::Request& request) override;
  void finish(const http::Request& request, http::Headers& headers, int status) override;

 private:
  // Runs the filters from `first` on. A filter that waits for a peer's answer (ask) gets the rest of
  // the chain appended to what it does with the answer, on the I/O thread. A filter that defers
  // (its decision needs a blocking call) gets it appended to its deferred work, which then runs on
  // the worker pool; on the pool already, a second filter's deferred work runs in place rather
  // than hopping again.
  http::Action dispatch_from(std::size_t first, http::Request& request, bool on_pool);
  std::vector<std::unique_ptr<Filter>> filters_;
};

}  // namespace hub::gateway
