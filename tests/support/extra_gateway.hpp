#pragma once
// A gateway process of its own in front of the stack's services (`./hub test` started them), with
// its own Redis and settings: for tests of what one replica caches, counts or trusts.
#include <signal.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "common/http/client.hpp"
#include "tests/support/gateway_fixture.hpp"
#include "tests/support/process.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/test_env.hpp"

namespace hub::test {

// A gateway in front of the stack's services, with its own Redis URL and cache lifetime. Rate
// limiting is off unless `overrides` turn it on.
class ExtraGateway {
 public:
  explicit ExtraGateway(const std::string& redis_url, const Env& overrides = {}) {
    Env env = {{"HUB_INTERNAL_SECRET", stack_secret()},
               {"HUB_LISTEN", "127.0.0.1:0"},
               {"HUB_DRAIN_DELAY", "0ms"},
               {"HUB_REDIS_URL", redis_url},
               {"HUB_AUTH_CACHE_TTL", "60s"},  // only an invalidation can end an entry in a test
               {"HUB_HEALTH_INTERVAL", "200ms"},
               {"HUB_RATE_LIMIT", "0"}};  // on only where a test sets its budgets
    for (const char* svc : {"AUTH", "REPOS", "DISCUSSIONS", "PULLS", "BUGS", "NOTIFICATIONS"}) {
      env[std::string("HUB_") + svc + "_URL"] = require_env((std::string("HUB_TEST_") + svc).c_str());
    }
    for (const auto& [k, v] : overrides)
      env[k] = v;
    env_ = std::move(env);
    start();
  }
  config::HostPort address() const { return {"127.0.0.1", port_}; }
  std::string log() const { return process_->log(); }
  Process& process() { return *process_; }  // to signal it (a drain) and wait for its exit

  // One step of a rolling restart, as ExtraService's: stop() signals and waits for the exit, start()
  // runs the gateway again with the same settings on the same port.
  std::optional<int> stop(int sig = SIGTERM, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    process_->signal(sig);
    return process_->wait(timeout);
  }
  void start() {
    const std::string log = dir_.path() + "/gateway-" + std::to_string(++starts_) + ".log";
    process_ = std::make_unique<Process>(program("hub-gateway"), std::vector<std::string>{}, env_, log);
    port_ = process_->wait_for_listen();
    env_["HUB_LISTEN"] = address().str();
  }
  // 0 for a counter not yet registered (the first increment registers it).
  long long metric(const std::string& name) {
    http::Client c(address());
    return std::max(0LL, metric_value(c.get("/metrics").body, name));
  }
  // Waits until the invalidation feed is `up` (the cache is on only then).
  bool wait_feed(bool up) {
    for (int i = 0; i < 100; ++i) {
      if (metric("hub_gateway_invalidation_feed_up") == (up ? 1 : 0)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  int whoami(const std::string& token) {
    http::Client c(address());
    http::Headers h;
    h.set("Authorization", "Bearer " + token);
    return c.get("/api/whoami-v2", h).status;
  }

 private:
  TempDir dir_;
  Env env_;
  int starts_ = 0;
  std::unique_ptr<Process> process_;
  std::uint16_t port_ = 0;
};

}  // namespace hub::test
