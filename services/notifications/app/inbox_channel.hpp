#pragma once
// The one Redis connection a replica listens on for new inbox items: subscribed to
// hub:inbox:<user id> (app/live_signal.hpp publishes there) for each user with a stream open here,
// on a thread of its own (a hiredis context serves one thread). Subscribing and unsubscribing are
// asked from any thread and sent without waiting: their confirmations arrive among the messages.
// When the connection is lost it reconnects and subscribes again, and each confirmed subscription is
// reported, so that the hub catches that user up from the database: what was published while Redis
// was away is lost, the items are not.
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <set>
#include <string>

#include "common/work/background.hpp"

namespace hub::redis {
class Connection;
}

namespace hub::notifications {

class InboxChannel {
 public:
  struct Callbacks {
    std::function<void(const std::string& user_id)> subscribed;                      // (again) listening for the user
    std::function<void(const std::string& user_id, std::int64_t newest)> published;  // new items
  };

  InboxChannel(std::string redis_url, Callbacks callbacks);
  ~InboxChannel();
  InboxChannel(const InboxChannel&) = delete;
  InboxChannel& operator=(const InboxChannel&) = delete;

  void start();
  void stop();  // idempotent
  // Listen for the user's items (their first stream opened here) / stop (their last one closed).
  void want(const std::string& user_id);
  void unwant(const std::string& user_id);
  bool up() const { return up_; }

 private:
  void listen_once();
  // Sends what changed in `wanted_` since the connection last heard of it.
  void sync(redis::Connection& conn, std::set<std::string>& subscribed);
  void wake();

  std::string url_;
  Callbacks callbacks_;
  std::mutex mutex_;
  std::set<std::string> wanted_;
  int wake_fd_ = -1;  // an eventfd: want() and unwant() interrupt the wait for Redis
  std::atomic<bool> up_{false};
  work::Background loop_;
};

}  // namespace hub::notifications
