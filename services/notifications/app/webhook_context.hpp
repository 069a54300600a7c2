#pragma once
// What every part of webhooks shares in one process: the configuration, auth, the key ring that
// seals hooks' secrets, a short-lived cache of namespace ids, and the doorbells that wake the
// matcher (an event was recorded) and the sender (deliveries are due). Built once at start.
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "common/crypto/secretbox.hpp"
#include "common/service/peer.hpp"
#include "common/service/service.hpp"
#include "services/notifications/config.hpp"

namespace hub::notifications {

// Wakes a loop before its next pass is due; a ring while it works makes the next wait return at once.
class Doorbell {
 public:
  void ring();
  // Until rung or `timeout`; false on timeout.
  bool wait(std::chrono::milliseconds timeout);

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool rung_ = false;
};

// The process's doorbells: the stream consumer rings the matcher's after recording an event, so
// main.cpp's on_event needs no handle on the loops.
Doorbell& matcher_doorbell();
Doorbell& sender_doorbell();

// User and org ids by name, for payloads (repo.owner.id). Names do not change owners, so a few
// minutes of caching cost nothing and save auth a call per event.
class NamespaceIds {
 public:
  // The ids known for these names (lower case), asking auth for the others.
  std::map<std::string, std::string> ids(const service::Peer& auth, const std::vector<std::string>& names,
                                         const std::string& request_id);

 private:
  struct Entry {
    std::string id;
    std::chrono::steady_clock::time_point until;
  };
  std::mutex mutex_;
  std::map<std::string, Entry> cache_;
};

struct WebhookContext {
  WebhookContext(service::Context& ctx, NotificationsConfig config);

  service::Context& ctx;
  const NotificationsConfig config;
  const service::Peer auth;
  const crypto::SecretBox secrets;
  NamespaceIds namespace_ids;
};

}  // namespace hub::notifications
