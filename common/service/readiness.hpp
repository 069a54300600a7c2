#pragma once
// Whether a service may take traffic: its database answers, its schema is current, and it is not
// draining. Redis is reported ("degraded" while unreachable) but does not fail readiness: the
// service rides it out. Checked on a thread of its own every interval (applying migrations when
// HUB_MIGRATE=auto and the schema is behind), so /readyz answers from memory and never blocks.
#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "common/db/migrations.hpp"
#include "common/db/pool.hpp"
#include "common/redis/redis.hpp"
#include "common/work/background.hpp"

namespace hub::service {

class Readiness {
 public:
  // `session_url`: where migrations run (they hold a session advisory lock; the pool may be a
  // transaction-mode pooler's).
  Readiness(db::Pool& db, std::string session_url, std::string schema, std::vector<db::Migration> migrations,
            redis::Url redis, bool auto_migrate, std::chrono::milliseconds interval);
  ~Readiness();

  void start();
  void set_draining() { draining_ = true; }

  bool ready() const;
  // {"status": "ready"|"not ready", "checks": {...}}
  std::string describe() const;

  // One round of checks, synchronously (used at start and by tests).
  void check_now();

 private:
  db::Pool& db_;
  std::string session_url_;
  std::string schema_;
  std::vector<db::Migration> migrations_;
  redis::Url redis_url_;
  bool auto_migrate_;
  std::chrono::milliseconds interval_;
  std::unique_ptr<redis::Connection> redis_;

  std::atomic<bool> database_ok_{false};
  std::atomic<bool> schema_ok_{false};
  std::atomic<bool> redis_ok_{false};
  std::atomic<bool> draining_{false};
  std::atomic<bool> checked_{false};

  work::Background loop_;
};

}  // namespace hub::service
