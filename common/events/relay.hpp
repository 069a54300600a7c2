#pragma once
// The outbox relay of one service: moves committed outbox rows to Redis — appended to the durable
// `events` stream and published on `events:<type>` for live listeners — and marks a row sent only
// after Redis accepted it. Every instance of a service runs one; a PostgreSQL advisory lock makes
// exactly one of them the publisher, and the others take over when its session ends (a crash, a
// kill, a network split all end the session). The leader wakes on NOTIFY, and while Redis is down
// it retries with backoff without losing anything: the rows stay unsent.
//
// Each notification names the row committed, and the leader reads from the lowest id named, not
// from the first unsent row: a sent row leaves a dead entry in the index of unsent rows until
// VACUUM, and reading past thousands of them cost milliseconds a read (most of the database's time
// under a few hundred events a second). A row whose transaction took its id early and committed
// late is still read, from its own notification; a read from the start every full_scan_every (and
// at every start of leadership) is the net under that.
//
// Delivery is at least once (a publisher killed between publishing and marking sent republishes on
// restart); consumers make it exactly once in effect (consumer.hpp).
#include <atomic>
#include <chrono>
#include <pqxx/connection_base>
#include <string>

#include "common/redis/keys.hpp"
#include "common/redis/redis.hpp"
#include "common/work/background.hpp"

namespace hub::events {

struct RelayOptions {
  std::string pg_url;
  std::string schema;
  redis::Url redis;
  std::string stream{redis::keys::kEventsStream};
  std::size_t batch = 200;
  std::chrono::milliseconds lock_poll{500};        // how often a standby tries to become leader
  std::chrono::milliseconds idle_wait{500};        // longest sleep between checks without a NOTIFY
  std::chrono::milliseconds max_backoff{5000};     // while Redis or PostgreSQL is down
  std::chrono::milliseconds trim_interval{10000};  // stream trimming below the slowest group
  std::chrono::hours keep_sent{24};                // sent rows are deleted after this
  // A read from the first unsent row, whatever was notified: the safety net under the
  // notifications, which name the rows to read from.
  std::chrono::milliseconds full_scan_every{60000};
  // Fault injection for tests only (HUB_TEST_RELAY_STALL_AFTER_PUBLISH): pause between publishing a
  // batch and marking it sent, so a test can kill the relay in exactly that window.
  std::chrono::milliseconds stall_after_publish{0};
};

class OutboxRelay {
 public:
  explicit OutboxRelay(RelayOptions options);
  ~OutboxRelay();
  OutboxRelay(const OutboxRelay&) = delete;
  OutboxRelay& operator=(const OutboxRelay&) = delete;

  void start();
  void stop();
  bool leader() const { return leader_; }

 private:
  void run();
  void lead();
  struct Batch {
    std::size_t rows = 0;
    long long last_id = 0;
  };
  // Publishes up to `batch` unsent rows from id `from_id` on, in id order.
  Batch publish_batch(pqxx::connection_base& conn, long long from_id);
  void ensure_redis();

  RelayOptions options_;
  std::unique_ptr<redis::Connection> redis_;
  std::atomic<bool> leader_{false};
  work::Background loop_;
  std::chrono::steady_clock::time_point last_trim_{};
  std::chrono::steady_clock::time_point last_cleanup_{};
};

// Trims `stream` below the oldest entry any consumer group still needs (its oldest pending entry, or
// what it has not read yet). With no group nothing is trimmed. Returns the entries removed.
std::int64_t trim_below_slowest_group(redis::Connection& redis, const std::string& stream);

}  // namespace hub::events
