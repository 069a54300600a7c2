#pragma once
// Polls every upstream address's /readyz and records the answer in its Upstream, which is what the
// proxy balances by and what the gateway's own /readyz reports.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "common/http/client.hpp"
#include "common/http/upstream.hpp"
#include "common/work/background.hpp"

namespace hub::gateway {

class HealthChecker {
 public:
  HealthChecker(std::vector<std::shared_ptr<http::Upstream>> upstreams, std::chrono::milliseconds interval);
  ~HealthChecker();

  void start();
  void check_now();
  // Ready unless draining (a missing upstream is answered 503 on its own paths); the body lists the
  // upstreams and says "degraded" while one has no ready address.
  std::pair<bool, std::string> describe(bool draining) const;

 private:
  struct Probe {
    std::shared_ptr<http::Upstream> upstream;
    std::size_t index;
    std::unique_ptr<http::Client> client;
  };
  std::vector<std::shared_ptr<http::Upstream>> upstreams_;
  std::vector<Probe> probes_;
  std::chrono::milliseconds interval_;
  work::Background loop_;
};

}  // namespace hub::gateway
