#include "services/notifications/app/live_signal.hpp"

#include <map>

#include "common/redis/keys.hpp"

namespace hub::notifications {

LiveSignal::LiveSignal(const std::string& redis_url) : redis_(redis_url, "live inbox signals") {}

void LiveSignal::announce(const std::vector<InsertedItem>& items) {
  if (items.empty()) return;
  std::map<std::string, std::int64_t> newest;  // one message per user, with their highest number
  for (const auto& item : items) {
    auto& seq = newest[item.user_id];
    seq = std::max(seq, item.seq);
  }
  std::vector<std::vector<std::string>> commands;
  commands.reserve(newest.size());
  for (const auto& [user, seq] : newest) {
    commands.push_back({"PUBLISH", std::string(redis::keys::kInboxChannelPrefix) + user, std::to_string(seq)});
  }
  (void)redis_.pipeline(commands);  // nullopt: Redis away, and the streams' catch-up covers it
}

}  // namespace hub::notifications
