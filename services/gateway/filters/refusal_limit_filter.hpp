#pragma once
// Refused requests are counted too: a 401 (bad token, or no credentials for something private) or
// a 404 RepoNotFound costs the client address one unit of a small budget of its own, shared by
// every replica through Redis. Past it the address gets 429 for the rest of the window, before its
// credentials are even looked at, so guessing tokens and probing for private repo names are slowed
// to the budget's pace instead of running as fast as the gateway answers.
//
// The request path never waits on Redis for this: refusals are counted off the I/O thread after the
// answer has left, and the count Redis returns (every replica's refusals) decides, here, whether
// the address is over. Another replica learns it on its next refusal from that address.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/redis/best_effort.hpp"
#include "common/work/worker_pool.hpp"
#include "services/gateway/filter_chain.hpp"
#include "services/gateway/filters/local_counter.hpp"

namespace hub::gateway {

// Whether an answer refuses access: what an enumeration or a guess gets back.
bool is_refusal(int status, const http::Headers& headers);

struct RefusalLimitConfig {
  std::int64_t budget = 300;         // HUB_RATE_LIMIT_REFUSED: low (one a second), to slow guessing
  std::chrono::seconds window{300};  // the rate limits' (HUB_RATE_LIMIT_WINDOW)
};

class RefusalLimitFilter : public Filter {
 public:
  RefusalLimitFilter(const std::string& redis_url, RefusalLimitConfig config);
  http::Action on_request(http::Request& request) override;
  // Counts a refusal, and gives an answer that no later filter described (it ended before the rate
  // limits were counted) the refusal budget's RateLimit headers.
  void on_response(const http::Request& request, http::Headers& headers, int status) override;

 private:
  struct Seen {
    std::int64_t window_index = -1;
    std::int64_t refusals = 0;  // the highest count heard for this window, from Redis or locally
  };
  // Adds one refusal for `address` and records the count: every replica's from Redis when `shared`
  // (blocking: on counting_ only), else, or while Redis is away, this replica's own.
  void count(const std::string& address, std::int64_t window_index, bool shared);
  std::int64_t refusals(const std::string& address, std::int64_t window_index);

  RefusalLimitConfig config_;
  redis::BestEffort redis_;
  LocalCounter local_;
  std::mutex mutex_;
  std::unordered_map<std::string, Seen> seen_;
  work::WorkerPool counting_{1, 4096};  // last: stops before what its jobs use
};

}  // namespace hub::gateway
