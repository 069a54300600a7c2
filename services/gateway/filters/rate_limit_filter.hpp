#pragma once
// Rate limits per token (per client address when anonymous), in fixed windows counted in Redis so
// every gateway replica shares one count. Three buckets, each with its own budget: file resolves
// (downloads are many and cheap), writes (commits, uploads, pushes, every change), and the rest of
// the API. Every limited response says where the caller stands (RateLimit and RateLimit-Policy, in
// the IETF draft's structured form the Hub uses); over the budget the answer is 429 with
// Retry-After. While Redis cannot be reached each replica counts on its own and keeps serving.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/redis/best_effort.hpp"
#include "services/gateway/filter_chain.hpp"
#include "services/gateway/filters/local_counter.hpp"
#include "services/gateway/filters/rate_limit_headers.hpp"
#include "services/gateway/route_table.hpp"

namespace hub::gateway {

enum class Bucket { kApi, kResolve, kWrite };
std::string_view bucket_name(Bucket b);
Bucket bucket_of(std::string_view method, std::string_view path, const RouteEntry* entry);

struct RateLimitConfig {
  std::chrono::seconds window{300};  // HUB_RATE_LIMIT_WINDOW
  // Requests per window and caller in each bucket (HUB_RATE_LIMIT_API, …_RESOLVE, …_WRITE); 0: not limited.
  std::int64_t api = 1000;
  std::int64_t resolve = 5000;
  std::int64_t write = 200;
  std::int64_t budget(Bucket b) const { return b == Bucket::kApi ? api : b == Bucket::kResolve ? resolve : write; }
};

inline std::string rate_limit_header(Bucket b, std::int64_t remaining, std::int64_t reset_seconds) {
  return rate_limit_header(bucket_name(b), remaining, reset_seconds);
}
inline std::string rate_limit_policy_header(Bucket b, std::int64_t quota, std::chrono::seconds window) {
  return rate_limit_policy_header(bucket_name(b), quota, window);
}

class RateLimitFilter : public Filter {
 public:
  RateLimitFilter(const std::string& redis_url, RateLimitConfig config);
  http::Action on_request(http::Request& request) override;

 private:
  // Blocking (on the worker pool): the count for `key` in this window, from Redis or locally.
  std::int64_t count(const std::string& key, std::int64_t window_index);

  RateLimitConfig config_;
  redis::BestEffort redis_;
  LocalCounter local_;
};

}  // namespace hub::gateway
