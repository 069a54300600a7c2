// The refusal budget: checked on the way in, counted off the I/O thread on the way out.
#include "services/gateway/filters/refusal_limit_filter.hpp"

#include "common/access/identity.hpp"
#include "common/http/error_response.hpp"
#include "common/metrics/metrics.hpp"
#include "common/redis/keys.hpp"
#include "services/gateway/filters/rate_limit_headers.hpp"
#include "services/gateway/filters/route_filter.hpp"
#include "services/gateway/request_state.hpp"

namespace hub::gateway {
namespace {

constexpr std::string_view kBucket = "refused";
constexpr std::size_t kMaxAddresses = 100000;

metrics::Counter& refused_counted() {
  static metrics::Counter& c = metrics::Registry::global().counter(
      "hub_gateway_refusals_total", "Answers that refused access (401, 404 RepoNotFound), counted per client address");
  return c;
}

metrics::Counter& refusal_limited() {
  static metrics::Counter& c = metrics::Registry::global().counter(
      "hub_gateway_refusal_limited_total", "Requests answered 429 because their address had too many refusals");
  return c;
}

}  // namespace

bool is_refusal(int status, const http::Headers& headers) {
  return status == 401 || (status == 404 && headers.get("X-Error-Code") == "RepoNotFound");
}

RefusalLimitFilter::RefusalLimitFilter(const std::string& redis_url, RefusalLimitConfig config)
    : config_(config), redis_(redis_url, "refusal limits") {}

std::int64_t RefusalLimitFilter::refusals(const std::string& address, std::int64_t window_index) {
  std::lock_guard lock(mutex_);
  auto it = seen_.find(address);
  if (it == seen_.end() || it->second.window_index != window_index) return 0;
  return it->second.refusals;
}

http::Action RefusalLimitFilter::on_request(http::Request& request) {
  const std::int64_t now = access::unix_now();
  const std::int64_t index = now / config_.window.count();
  if (refusals(gateway_state(request).client_address, index) < config_.budget) return http::action::Continue{};
  refusal_limited().inc();
  const std::int64_t reset = (index + 1) * config_.window.count() - now;
  http::Response r =
      http::error_response(ErrorCode::kTooManyRequests,
                           "too many refused requests from this address (" + std::to_string(config_.budget) + " per " +
                               std::to_string(config_.window.count()) + " s); retry in " + std::to_string(reset) + " s",
                           request.ctx.request_id);
  r.headers.set("Retry-After", std::to_string(reset));
  r.headers.set("RateLimit", rate_limit_header(kBucket, 0, reset));
  r.headers.set("RateLimit-Policy", rate_limit_policy_header(kBucket, config_.budget, config_.window));
  return http::Action::reply(std::move(r));
}

void RefusalLimitFilter::count(const std::string& address, std::int64_t window_index, bool shared) {
  const std::string key = std::string(redis::keys::kRefusalPrefix) + address + ":" + std::to_string(window_index);
  std::int64_t total = 0;
  std::optional<std::vector<redis::Reply>> replies;
  if (shared) replies = redis_.pipeline({{"INCR", key}, {"EXPIRE", key, std::to_string(config_.window.count() + 1)}});
  if (replies && !replies->empty() && (*replies)[0].is_integer()) {
    total = (*replies)[0].integer();
  } else {
    total = local_.increment(address, window_index);  // Redis away: this replica's own count
  }
  std::lock_guard lock(mutex_);
  if (seen_.size() >= kMaxAddresses) seen_.clear();  // bounded; an address over budget is heard again
  Seen& s = seen_[address];
  if (s.window_index != window_index) s = Seen{window_index, 0};
  s.refusals = std::max(s.refusals, total);
}

void RefusalLimitFilter::on_response(const http::Request& request, http::Headers& headers, int status) {
  if (route_target(request) == nullptr) return;  // the gateway's own routes and unknown paths
  const std::int64_t now = access::unix_now();
  const std::int64_t index = now / config_.window.count();
  const bool refused = is_refusal(status, headers);
  const std::string& address = gateway_state(request)->client_address;  // RouteFilter made the state
  std::int64_t used = refusals(address, index);
  if (refused) {
    refused_counted().inc();
    ++used;  // this one, which the count below adds
    if (!counting_.try_submit([this, address, index] { count(address, index, true); })) {
      count(address, index, false);  // a full queue: counted locally rather than not at all
    }
  }
  if (!headers.has("RateLimit") && status != 429) {
    headers.set("RateLimit", rate_limit_header(kBucket, std::max<std::int64_t>(0, config_.budget - used),
                                               (index + 1) * config_.window.count() - now));
    headers.set("RateLimit-Policy", rate_limit_policy_header(kBucket, config_.budget, config_.window));
  }
}

}  // namespace hub::gateway
