#pragma once
// Redis for work that has a local fallback (rate limits, login limits): commands run in one round
// trip on a pooled connection, and when Redis cannot be reached or fails, the caller is told
// (nullopt) and, for a short pause, no further attempt is made, so a dead Redis costs one timeout
// per pause rather than one per request. Safe between threads.
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/redis/redis.hpp"

namespace hub::redis {

class BestEffort {
 public:
  // `what` names the user in the warning logged when Redis fails ("rate limits").
  BestEffort(const std::string& url, std::string what,
             std::chrono::milliseconds timeout = std::chrono::milliseconds(250),
             std::chrono::milliseconds pause = std::chrono::seconds(1), std::size_t max_idle = 16);
  ~BestEffort();

  // Every reply, or nullopt when Redis is away, failed, or answered any command with an error.
  std::optional<std::vector<Reply>> pipeline(const std::vector<std::vector<std::string>>& commands);

 private:
  std::unique_ptr<Connection> take();
  void give(std::unique_ptr<Connection> conn);
  void failed(const std::string& error);

  std::optional<Url> url_;
  std::string what_;
  std::chrono::milliseconds timeout_;
  std::chrono::milliseconds pause_;
  std::size_t max_idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::chrono::steady_clock::time_point paused_until_{};
};

}  // namespace hub::redis
