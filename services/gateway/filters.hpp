#pragma once
// The gateway is an ordered chain of small filters (Envoy's shape): each looks at the request once
// its header has arrived and either lets it continue or answers it locally; on the way back each
// may add response headers. Filters run on I/O threads and never block.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/http/router.hpp"
#include "common/http/server.hpp"
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
// X-Forwarded-* are rewritten from what the gateway itself saw.
class ForwardingHeadersFilter : public Filter {
 public:
  explicit ForwardingHeadersFilter(std::string public_proto) : proto_(std::move(public_proto)) {}
  std::optional<http::Action> on_request(http::Request& request) override;

 private:
  std::string proto_;
};

// Browsers: preflights answered here, and the Hub's exposed headers (hf-compat.md §0) on every
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

// The last filter: the route table picks the service, and the request is proxied to it.
class RouteFilter : public Filter {
 public:
  explicit RouteFilter(std::map<std::string, std::shared_ptr<http::Upstream>, std::less<>> upstreams);
  std::optional<http::Action> on_request(http::Request& request) override;

 private:
  struct Target {
    std::shared_ptr<http::Upstream> upstream;
    const RouteEntry* entry;
  };
  http::Router<Target> router_;
};

class FilterChain : public http::Dispatcher {
 public:
  void add(std::unique_ptr<Filter> filter) { filters_.push_back(std::move(filter)); }
  http::Action dispatch(http::Request& request) override;
  void finish(const http::Request& request, http::Headers& headers, int status) override;

 private:
  // Runs the filters from `first` on. A filter that defers (its decision needs a blocking call)
  // gets the rest of the chain appended to its deferred work, which then runs on the worker pool.
  http::Action dispatch_from(std::size_t first, http::Request& request);
  std::vector<std::unique_ptr<Filter>> filters_;
};

}  // namespace hub::gateway
