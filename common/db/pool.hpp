#pragma once
// A fixed-size pool of libpqxx 6.4 connections. libpqxx connections cannot move, so they live in
// unique_ptrs; automatic reactivation is off because a silently reopened connection would lose
// session state mid-transaction. A broken connection is dropped and replaced on the next acquire,
// so the pool recovers from a database restart without restarting the service.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <pqxx/connection>
#include <string>
#include <vector>

namespace hub::db {

struct PoolOptions {
  std::string url;
  std::size_t size = 8;
  std::chrono::milliseconds acquire_timeout{5000};
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds statement_timeout{30000};
  // When this role exists (a service's migrations may create one with fewer rights than the
  // connecting role), every pooled connection acts as it: `SET ROLE` right after connecting.
  std::string session_role;
  // Behind a transaction-mode pooler (HUB_PG_PREPARED=off) a connection's server session may change
  // at every transaction, and one left with a role or a timeout would hand them to whichever client
  // of the pooler gets it next. Nothing is then set per connection: each transaction of run_in()
  // sets the statement timeout and the session role for itself (SET LOCAL).
  bool settings_per_transaction = false;
};

class Pool;

class Lease {
 public:
  Lease(Pool& pool, std::unique_ptr<pqxx::connection> conn);
  ~Lease();
  Lease(Lease&& other) noexcept;
  Lease& operator=(Lease&&) = delete;
  Lease(const Lease&) = delete;

  pqxx::connection& operator*() { return *conn_; }
  pqxx::connection* operator->() { return conn_.get(); }
  // The connection failed: close it instead of returning it to the pool.
  void discard() { discard_ = true; }
  // What a transaction on this connection runs first (SET LOCAL statements), or "" when the
  // connection keeps its own session settings (PoolOptions::settings_per_transaction).
  const std::string& transaction_settings() const { return settings_; }

 private:
  friend class Pool;
  Pool* pool_;
  std::unique_ptr<pqxx::connection> conn_;
  bool discard_ = false;
  std::string settings_;
};

class Pool {
 public:
  explicit Pool(PoolOptions options);
  ~Pool();

  // Throws ApiError(kUnavailable) when the database cannot be reached or every connection stays
  // busy past acquire_timeout.
  Lease acquire();
  // SELECT 1 on a pooled connection; false on any failure.
  bool ping();
  // Opens connections up to the pool's size, so the first requests do not pay for connecting
  // (authentication alone costs milliseconds). Failures are ignored: acquire() retries anyway.
  void prefill();
  // Retires every connection open now: idle ones close at once, leased ones when released, so the
  // next ones are opened afresh (after a migration created the session role, say).
  void retire_connections();
  const PoolOptions& options() const { return options_; }

 private:
  friend class Lease;
  void release(std::unique_ptr<pqxx::connection> conn, bool discard);
  std::unique_ptr<pqxx::connection> open();
  Lease lease(std::unique_ptr<pqxx::connection> conn);  // with mutex_ held

  PoolOptions options_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  std::size_t open_ = 0;  // idle + leased
  std::uint64_t generation_ = 0;
  std::atomic<bool> announced_role_{false};
  std::map<const pqxx::connection*, std::uint64_t> born_;  // each open connection's generation
  std::string transaction_settings_;  // settings_per_transaction: as the last connection opened found them
};

// Adds `connect_timeout` to a libpq URL or keyword string unless it is already there.
std::string with_connect_timeout(const std::string& url, std::chrono::milliseconds timeout);

}  // namespace hub::db
