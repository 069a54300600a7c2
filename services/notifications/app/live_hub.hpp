#pragma once
// The live streams of one replica. It knows which users have streams open here, keeps the one Redis
// subscription that says when one of them has new items (app/inbox_channel.hpp), and feeds their
// streams from the database: on a signal, after a subscription is (re)confirmed, on a stream's first
// connect, and every interval for whoever is behind, so that a lost signal only delays an item.
// Items of repos the user can no longer read are left out (the read-time check: auth's answers kept
// a few seconds per user and repo, domain/readable_cache.hpp; a stream's first catch-up asks
// afresh). Catch-ups run on the hub's own threads, never on an I/O thread.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/db/pool.hpp"
#include "common/service/peer.hpp"
#include "common/work/background.hpp"
#include "common/work/worker_pool.hpp"
#include "services/notifications/domain/inbox_item.hpp"
#include "services/notifications/domain/readable_cache.hpp"

namespace hub::notifications {

class InboxChannel;

// One open stream of a user, as the hub feeds it. Called from the hub's threads (and the handler's
// worker, for the first catch-up); must not block.
class LiveSink {
 public:
  virtual ~LiveSink() = default;
  // The highest item number this stream has covered: sent, or passed over (an item of a repo the
  // user cannot read, a number never used).
  virtual std::int64_t position() const = 0;
  // Whether it takes more now. A stream of a client that reads slowly stops taking; once it has
  // sent what it holds it asks the hub again (LiveHub::catch_up).
  virtual bool has_room() const = 0;
  // Items in order, those the user may read only; the database holds no other item of theirs
  // numbered up to `covered`. The sink takes those above its position, as many as it has room for.
  virtual void deliver(const std::vector<InboxItem>& items, std::int64_t covered) = 0;
};

struct LiveOptions {
  std::string redis_url;
  std::chrono::milliseconds catch_up_interval{15000};  // the heartbeat's
  std::size_t streams_per_user = 20;
  std::chrono::milliseconds read_check_ttl{5000};
};

class LiveHub {
 public:
  // Starts its threads: the Redis subscriber, the periodic catch-up, two catch-up workers.
  LiveHub(db::Pool& db, std::shared_ptr<const service::Peer> auth, LiveOptions options);
  ~LiveHub();
  LiveHub(const LiveHub&) = delete;
  LiveHub& operator=(const LiveHub&) = delete;

  // Where a new stream of the user starts (domain/live_position.hpp). 503 when the database is away.
  std::int64_t start_position(const std::string& user_id, std::optional<std::int64_t> last_seen);
  // Registers a stream, subscribing to the user's channel if it is their first here. 429 when the
  // user has streams_per_user open here already.
  void open(const std::string& user_id, const std::shared_ptr<LiveSink>& sink);
  // A new stream's first catch-up, on the caller's thread, every repo checked with auth afresh; the
  // rest follows from the hub's threads. 503 when the database or auth cannot answer.
  void first_catch_up(const std::string& user_id, LiveSink& sink, const std::string& request_id);
  // Forgets a stream (its client went away); unsubscribes after the user's last one here.
  void close(const std::string& user_id, const LiveSink* sink);
  // Asks for a catch-up of the user's streams soon, on the hub's threads. Never blocks.
  void catch_up(const std::string& user_id);

  std::size_t users() const;

 private:
  struct Entry {
    const LiveSink* sink = nullptr;  // for close(), which must not lock `weak`
    std::weak_ptr<LiveSink> weak;
  };
  struct UserStreams {
    std::vector<Entry> sinks;
    bool queued = false;  // a catch-up is queued or running
    bool again = false;   // asked for again meanwhile
  };
  struct Page {
    std::vector<InboxItem> items;  // readable ones
    std::int64_t covered = 0;
    bool more = false;  // a full page: more follow
  };

  Page read_page(const std::string& user_id, std::int64_t after, bool fresh_check, const std::string& request_id);
  std::vector<InboxItem> readable_only(const std::string& user_id, std::vector<InboxItem> items, bool fresh_check,
                                       const std::string& request_id);
  // The user's open streams (locked: released by the caller, outside the mutex).
  std::vector<std::shared_ptr<LiveSink>> sinks_of(const std::string& user_id);
  void run_catch_up(const std::string& user_id);
  bool catch_up_once(const std::string& user_id);
  void catch_up_whoever_is_behind();
  void failed(const std::exception& e);

  db::Pool& db_;
  std::shared_ptr<const service::Peer> auth_;
  LiveOptions options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, UserStreams> users_;
  std::mutex cache_mutex_;
  ReadableCache cache_;
  std::atomic<bool> failing_{false};  // catch-ups fail (logged once per outage)
  work::WorkerPool workers_;
  std::unique_ptr<InboxChannel> channel_;
  work::Background periodic_;
};

}  // namespace hub::notifications
