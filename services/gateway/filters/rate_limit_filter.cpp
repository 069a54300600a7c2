// The three buckets' budgets, counted in Redis on the worker pool.
#include "services/gateway/filters/rate_limit_filter.hpp"

#include "common/access/identity.hpp"
#include "common/http/error_response.hpp"
#include "common/metrics/metrics.hpp"
#include "common/redis/keys.hpp"
#include "services/gateway/filters/route_filter.hpp"
#include "services/gateway/request_state.hpp"

namespace hub::gateway {

namespace {

metrics::Counter& limited() {
  static metrics::Counter& c =
      metrics::Registry::global().counter("hub_gateway_rate_limited_total", "Requests answered 429 (over the budget)");
  return c;
}

metrics::Counter& local_counts() {
  static metrics::Counter& c = metrics::Registry::global().counter(
      "hub_gateway_rate_limit_local_total", "Requests counted by this replica alone because Redis was unreachable");
  return c;
}

}  // namespace

std::string_view bucket_name(Bucket b) {
  switch (b) {
    case Bucket::kResolve:
      return "resolve";
    case Bucket::kWrite:
      return "write";
    case Bucket::kApi:
      break;
  }
  return "api";
}

Bucket bucket_of(std::string_view method, std::string_view path, const RouteEntry* entry) {
  const std::string_view pattern = entry ? entry->pattern : std::string_view();
  if (pattern.find("/resolve/") != std::string_view::npos || pattern.find("/raw/") != std::string_view::npos) {
    return Bucket::kResolve;
  }
  if (method == "GET" || method == "HEAD" || method == "OPTIONS") return Bucket::kApi;
  // POSTs that only read: git fetches and LFS batch questions.
  if (path.ends_with("/git-upload-pack") || path.ends_with("/info/lfs/objects/batch")) return Bucket::kApi;
  return Bucket::kWrite;
}

RateLimitFilter::RateLimitFilter(const std::string& redis_url, RateLimitConfig config)
    : config_(config), redis_(redis_url, "rate limits") {}

std::int64_t RateLimitFilter::count(const std::string& key, std::int64_t window_index) {
  const std::string redis_key = std::string(redis::keys::kRateLimitPrefix) + key + ":" + std::to_string(window_index);
  auto replies =
      redis_.pipeline({{"INCR", redis_key}, {"EXPIRE", redis_key, std::to_string(config_.window.count() + 1)}});
  if (replies && !replies->empty() && (*replies)[0].is_integer()) return (*replies)[0].integer();
  local_counts().inc();
  return local_.increment(key, window_index);
}

http::Action RateLimitFilter::on_request(http::Request& request) {
  const RouteTarget* target = route_target(request);
  const Bucket bucket = bucket_of(request.method, request.path, target ? target->entry : nullptr);
  const std::int64_t budget = config_.budget(bucket);
  if (budget <= 0) return http::action::Continue{};  // this bucket is not limited
  const bool known = request.ctx.identity && !request.ctx.identity->anonymous();
  std::string key =
      std::string(bucket_name(bucket)) + ":" +
      (known ? "token:" + request.ctx.identity->token_id : "addr:" + gateway_state(request).client_address);
  return http::Action::defer([this, &request, bucket, budget, key = std::move(key)]() -> http::Action {
    const std::int64_t window = config_.window.count();
    const std::int64_t now = access::unix_now();
    const std::int64_t index = now / window;
    const std::int64_t used = count(key, index);
    const std::int64_t reset = (index + 1) * window - now;
    const std::int64_t remaining = std::max<std::int64_t>(0, budget - used);
    auto& added = gateway_state(request).response_headers;
    added.push_back({"RateLimit", rate_limit_header(bucket, remaining, reset)});
    added.push_back({"RateLimit-Policy", rate_limit_policy_header(bucket, budget, config_.window)});
    if (used <= budget) return http::action::Continue{};
    limited().inc();
    http::Response r = http::error_response(
        ErrorCode::kTooManyRequests,
        "rate limit of " + std::to_string(budget) + " " + std::string(bucket_name(bucket)) + " requests per " +
            std::to_string(window) + " s reached; retry in " + std::to_string(reset) + " s",
        request.ctx.request_id);
    r.headers.set("Retry-After", std::to_string(reset));
    return http::Action::reply(std::move(r));
  });
}

}  // namespace hub::gateway
