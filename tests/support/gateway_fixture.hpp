#pragma once
// A test upstream and a gateway whose upstreams all point at it (or at addresses a test chooses),
// both started as real processes on free ports.
#include <map>
#include <memory>
#include <string>

#include "common/http/client.hpp"
#include "tests/support/process.hpp"
#include "tests/support/test_env.hpp"

namespace hub::test {

using Env = std::map<std::string, std::string>;

inline const std::string kTestSecret = "test-secret-that-is-long-enough-0123456789";

class GatewayWithUpstream {
 public:
  // `overrides` are extra gateway environment variables (timeouts, other upstream addresses).
  // `upstream_env` configures the test upstream (HUB_INTERNAL_SECRET makes it check signatures).
  explicit GatewayWithUpstream(const Env& overrides = {}, Env upstream_env = {}) {
    upstream_env["HUB_LISTEN"] = "127.0.0.1:0";
    upstream_ = std::make_unique<Process>(program("hub-test-upstream"), std::vector<std::string>{}, upstream_env,
                                          dir_.path() + "/upstream.log");
    upstream_port_ = upstream_->wait_for_listen();
    std::string up = "127.0.0.1:" + std::to_string(upstream_port_);
    std::map<std::string, std::string> env = {
        {"HUB_INTERNAL_SECRET", kTestSecret}, {"HUB_LISTEN", "127.0.0.1:0"},
        {"HUB_DRAIN_DELAY", "0ms"},           {"HUB_THREADS", "2"},
        {"HUB_HEALTH_INTERVAL", "200ms"},     {"HUB_RATE_LIMIT", "0"},  // proxying is under test here
    };
    for (const char* var : {"HUB_AUTH_URL", "HUB_REPOS_URL", "HUB_DISCUSSIONS_URL", "HUB_PULLS_URL", "HUB_BUGS_URL",
                            "HUB_NOTIFICATIONS_URL"}) {
      env[var] = up;
    }
    for (auto& [k, v] : overrides)
      env[k] = v;
    gateway_ = std::make_unique<Process>(program("hub-gateway"), std::vector<std::string>{}, env,
                                         dir_.path() + "/gateway.log");
    gateway_port_ = gateway_->wait_for_listen();
  }

  config::HostPort gateway() const { return {"127.0.0.1", gateway_port_}; }
  config::HostPort upstream() const { return {"127.0.0.1", upstream_port_}; }
  Process& gateway_process() { return *gateway_; }
  Process& upstream_process() { return *upstream_; }
  const std::string& dir() const { return dir_.path(); }

 private:
  TempDir dir_;
  std::unique_ptr<Process> upstream_;
  std::unique_ptr<Process> gateway_;
  std::uint16_t upstream_port_ = 0;
  std::uint16_t gateway_port_ = 0;
};

// The value of an unlabelled metric line (`name value`) in Prometheus text, or -1.
inline long long metric_value(const std::string& text, const std::string& name) {
  auto pos = text.find("\n" + name + " ");
  if (pos == std::string::npos) return -1;
  return std::stoll(text.substr(pos + name.size() + 2));
}

}  // namespace hub::test
