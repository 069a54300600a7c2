#pragma once
// Auth's answers to "may this user read this repo now", kept a few seconds per user and repo, so that
// a stream fed many items of one repo does not ask auth for each. An answer older than the lifetime is
// never used: a member removed from a private repo's org stops seeing its items within it. The time
// is passed in (no clock here); not thread-safe (its owner guards it).
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>

namespace hub::notifications {

class ReadableCache {
 public:
  using Clock = std::chrono::steady_clock;

  explicit ReadableCache(std::chrono::milliseconds lifetime) : lifetime_(lifetime) {}

  // The answer kept for this user and repo, unless it is older than the lifetime.
  std::optional<bool> get(const std::string& user_id, const std::string& repo_id, Clock::time_point now) const;
  void put(const std::string& user_id, const std::string& repo_id, bool readable, Clock::time_point now);
  // Forgets the answers that have expired.
  void sweep(Clock::time_point now);
  std::size_t size() const { return answers_.size(); }

 private:
  struct Answer {
    bool readable = false;
    Clock::time_point expires;
  };
  std::chrono::milliseconds lifetime_;
  std::map<std::pair<std::string, std::string>, Answer> answers_;
};

}  // namespace hub::notifications
