#include "common/redis/best_effort.hpp"

#include "common/log/log.hpp"

namespace hub::redis {

BestEffort::BestEffort(const std::string& url, std::string what, std::chrono::milliseconds timeout,
                       std::chrono::milliseconds pause, std::size_t max_idle)
    : what_(std::move(what)), timeout_(timeout), pause_(pause), max_idle_(max_idle) {
  auto parsed = parse_url(url);
  if (parsed) url_ = parsed.value();
}

BestEffort::~BestEffort() = default;

std::unique_ptr<Connection> BestEffort::take() {
  {
    std::lock_guard lock(mutex_);
    if (!url_ || std::chrono::steady_clock::now() < paused_until_) return nullptr;
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
  }
  try {
    return Connection::open(*url_, timeout_);
  } catch (const RedisError& e) {
    failed(e.what());
    return nullptr;
  }
}

void BestEffort::give(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mutex_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(conn));
}

void BestEffort::failed(const std::string& error) {
  {
    std::lock_guard lock(mutex_);
    paused_until_ = std::chrono::steady_clock::now() + pause_;
  }
  log::warn(what_ + " counted locally: redis unavailable", {{"error", error}});
}

std::optional<std::vector<Reply>> BestEffort::pipeline(const std::vector<std::vector<std::string>>& commands) {
  auto conn = take();
  if (!conn) return std::nullopt;
  try {
    auto replies = conn->pipeline(commands);
    for (const auto& r : replies) {
      if (r.is_error()) {
        failed(std::string(r.str()));
        return std::nullopt;  // the connection is dropped with it: its state is unknown
      }
    }
    give(std::move(conn));
    return replies;
  } catch (const RedisError& e) {
    failed(e.what());
    return std::nullopt;
  }
}

}  // namespace hub::redis
