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

// Ids of events this process's consumer has just recorded for matching, handed to the matcher in
// memory: it claims them by key instead of scanning the queue table, whose oldest entries are dead
// rows (matched and deleted) until VACUUM comes by, so a scan per pass cost most of a millisecond
// of PostgreSQL's time for every few events. The matcher still scans regularly: an event recorded
// by another replica, postponed, or left by a crash is found that way. Bounded: ids past the bound
// wait for the scan.
class Handover {
 public:
  static constexpr std::size_t kMaxIds = 10000;
  void add(std::string id);
  // Up to `max` ids, oldest first.
  std::vector<std::string> take(std::size_t max);

 private:
  std::mutex mutex_;
  std::vector<std::string> ids_;
};
Handover& matcher_handover();

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
