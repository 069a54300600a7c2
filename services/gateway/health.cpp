#include "services/gateway/health.hpp"

#include "common/json/json.hpp"
#include "common/log/log.hpp"

namespace hub::gateway {

HealthChecker::HealthChecker(std::vector<std::shared_ptr<http::Upstream>> upstreams, std::chrono::milliseconds interval)
    : upstreams_(std::move(upstreams)), interval_(interval) {
  http::ClientOptions options;
  options.connect_timeout = std::chrono::milliseconds(500);
  options.timeout = std::chrono::milliseconds(1000);
  options.max_idle = 1;
  for (const auto& u : upstreams_) {
    for (std::size_t i = 0; i < u->size(); ++i) {
      probes_.push_back(Probe{u, i, std::make_unique<http::Client>(u->address(i), options)});
    }
  }
}

HealthChecker::~HealthChecker() {
  loop_.stop();
}

void HealthChecker::start() {
  loop_.start([this] {
    do {
      check_now();
    } while (loop_.sleep_for(interval_));
  });
}

void HealthChecker::check_now() {
  for (auto& p : probes_) {
    http::Upstream::State state = http::Upstream::State::kNotReady;
    try {
      if (p.client->get("/readyz").status == 200) state = http::Upstream::State::kReady;
    } catch (const std::exception&) {
    }
    if (p.upstream->state(p.index) != state && p.upstream->state(p.index) != http::Upstream::State::kUnknown) {
      log::warn("upstream readiness changed", {{"upstream", p.upstream->name()},
                                               {"address", p.upstream->address(p.index).str()},
                                               {"ready", state == http::Upstream::State::kReady}});
    }
    p.upstream->set_state(p.index, state);
  }
}

// The gateway is ready unless it is draining: with a service (or Redis) away it still serves
// everything else and answers that service's paths with a clean 503, so leaving rotation would only
// turn one service's outage into the whole hub's. The body says which upstreams are ready, and the
// status is "degraded" while any is not.
std::pair<bool, std::string> HealthChecker::describe(bool draining) const {
  bool all_upstreams = true;
  json::Writer w;
  w.begin_object();
  w.key("upstreams").begin_object();
  for (const auto& u : upstreams_) {
    const bool ready = u->any_ready();
    all_upstreams = all_upstreams && ready;
    w.field(u->name(), ready ? "ready" : "not ready");
  }
  w.end_object();
  w.field("draining", draining);
  w.field("status", draining ? "not ready" : all_upstreams ? "ready" : "degraded");
  w.end_object();
  return {!draining, w.str()};
}

}  // namespace hub::gateway
