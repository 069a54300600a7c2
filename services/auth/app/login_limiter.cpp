// The login limiter: Redis sorted sets of failure times, local deques when Redis is away.
#include "services/auth/app/login_limiter.hpp"

#include <algorithm>

#include "common/redis/keys.hpp"
#include "common/util/random.hpp"

namespace hub::auth {
namespace {

std::int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string redis_key(const std::string& key) {
  return std::string(redis::keys::kLoginFailurePrefix) + key;
}

}  // namespace

LoginLimiter::LoginLimiter(const std::string& redis_url) : redis_(redis_url, "login failures") {}

std::deque<LoginLimiter::Clock::time_point>& LoginLimiter::prune_local(const std::string& key) {
  auto& times = local_[key];
  while (!times.empty() && times.front() + kWindow < Clock::now())
    times.pop_front();
  return times;
}

std::int64_t LoginLimiter::retry_after(const std::string& key) {
  std::lock_guard lock(mutex_);
  const std::int64_t now = unix_ms();
  const std::string k = redis_key(key);
  const std::int64_t window_ms = std::chrono::duration_cast<std::chrono::milliseconds>(kWindow).count();
  // The failures still in the window, and the oldest of them.
  if (auto r = redis_.pipeline({{"ZREMRANGEBYSCORE", k, "-inf", std::to_string(now - window_ms)},
                                {"ZCARD", k},
                                {"ZRANGE", k, "0", "0", "WITHSCORES"}})) {
    const auto& replies = *r;
    if (replies.size() == 3 && replies[1].is_integer() && replies[1].integer() >= kMaxFailures &&
        replies[2].is_array() && replies[2].size() == 2) {
      const std::int64_t oldest = std::stoll(std::string(redis::element_str(replies[2].element(1))));
      return std::max<std::int64_t>((oldest + window_ms - now + 999) / 1000, 1);
    }
    return 0;
  }
  auto& times = prune_local(key);
  if (static_cast<int>(times.size()) < kMaxFailures) return 0;
  auto wait = std::chrono::duration_cast<std::chrono::seconds>(times.front() + kWindow - Clock::now()).count();
  return std::max<std::int64_t>(wait, 1);
}

void LoginLimiter::failed(const std::string& key) {
  std::lock_guard lock(mutex_);
  const std::string k = redis_key(key);
  const std::string now = std::to_string(unix_ms());
  // A unique member per failure: two at the same millisecond are two failures.
  if (redis_.pipeline(
          {{"ZADD", k, now, now + ":" + util::random_id().substr(0, 8)},
           {"PEXPIRE", k, std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(kWindow).count())}})) {
    return;
  }
  prune_local(key).push_back(Clock::now());
  if (local_.size() > 100000) local_.clear();  // bounded memory under a spray of names
}

void LoginLimiter::succeeded(const std::string& key) {
  std::lock_guard lock(mutex_);
  local_.erase(key);
  redis_.pipeline({{"DEL", redis_key(key)}});
}

}  // namespace hub::auth
