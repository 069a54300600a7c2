// The access line and route metrics of every exchange. Metric handles are looked up once per route
// and thread, not per request.
#include "common/http/detail/exchange_log.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "common/log/log.hpp"
#include "common/metrics/metrics.hpp"

namespace hub::http::detail {

namespace {

struct RouteMetrics {
  metrics::Counter* by_class[6];
  metrics::Histogram* latency;
};

struct TransparentHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

RouteMetrics& route_metrics(std::string_view route_view) {
  thread_local std::unordered_map<std::string, RouteMetrics, TransparentHash, std::equal_to<>> cache;
  auto it = cache.find(route_view);
  if (it != cache.end()) return it->second;
  const std::string route(route_view);
  auto& reg = metrics::Registry::global();
  RouteMetrics m{};
  static constexpr const char* kClasses[] = {"1xx", "1xx", "2xx", "3xx", "4xx", "5xx"};
  for (int i = 1; i < 6; ++i) {
    m.by_class[i] = &reg.counter("hub_http_requests_total", "HTTP requests by route and status class",
                                 {{"route", route}, {"code", kClasses[i]}});
  }
  m.by_class[0] = m.by_class[1];
  m.latency = &reg.histogram("hub_http_request_duration_seconds", "HTTP request latency by route", {{"route", route}});
  return cache.emplace(route, m).first->second;
}

}  // namespace

void record(const ServerOptions& options, const Request& req, const Exchange& ex) {
  const auto elapsed = std::chrono::steady_clock::now() - req.ctx.start;
  const double seconds = std::chrono::duration<double>(elapsed).count();
  RouteMetrics& m = route_metrics(req.ctx.route);
  int cls = std::clamp(ex.status / 100, 1, 5);
  m.by_class[cls]->inc();
  m.latency->observe(seconds);
  if (options.access_log) {
    log::info("request",
              {{"type", "access"},
               {"method", req.method},
               {"path", req.path},
               {"route", req.ctx.route},
               {"status", ex.status},
               {"latencyMs", log::Fixed3{std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count()}},
               {"bytesOut", ex.bytes_out},
               {"requestId", req.ctx.request_id},
               {"remote", req.ctx.remote_address}});
  }
}

}  // namespace hub::http::detail
