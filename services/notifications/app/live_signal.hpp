#pragma once
// Telling live streams that a user has new inbox items: after the commit that inserted them, one
// PUBLISH per user on `hub:inbox:<user id>` (common/redis/keys.hpp) with the newest item's number.
// Best effort by design: a stream that misses the message finds the item at its next catch-up from
// the database, so Redis being away delays a live item, never loses it.
#include <memory>
#include <string>
#include <vector>

#include "common/redis/best_effort.hpp"
#include "services/notifications/store/inbox_store.hpp"

namespace hub::notifications {

class LiveSignal {
 public:
  explicit LiveSignal(const std::string& redis_url);
  // Never throws; call it after the commit.
  void announce(const std::vector<InsertedItem>& items);

 private:
  redis::BestEffort redis_;
};

}  // namespace hub::notifications
