#include "services/notifications/domain/readable_cache.hpp"

namespace hub::notifications {

std::optional<bool> ReadableCache::get(const std::string& user_id, const std::string& repo_id,
                                       Clock::time_point now) const {
  const auto it = answers_.find({user_id, repo_id});
  if (it == answers_.end() || now >= it->second.expires) return std::nullopt;
  return it->second.readable;
}

void ReadableCache::put(const std::string& user_id, const std::string& repo_id, bool readable, Clock::time_point now) {
  answers_[{user_id, repo_id}] = Answer{readable, now + lifetime_};
}

void ReadableCache::sweep(Clock::time_point now) {
  std::erase_if(answers_, [now](const auto& entry) { return now >= entry.second.expires; });
}

}  // namespace hub::notifications
