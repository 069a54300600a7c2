#include "common/db/pool.hpp"

#include <pqxx/pqxx>

#include "common/error/api_error.hpp"
#include "common/log/log.hpp"
#include "common/metrics/metrics.hpp"

namespace hub::db {

std::string with_connect_timeout(const std::string& url, std::chrono::milliseconds timeout) {
  if (url.find("connect_timeout") != std::string::npos) return url;
  auto seconds = std::max<long long>(1, std::chrono::duration_cast<std::chrono::seconds>(timeout).count());
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "connect_timeout=" + std::to_string(seconds);
  }
  return url + " connect_timeout=" + std::to_string(seconds);
}

Lease::Lease(Pool& pool, std::unique_ptr<pqxx::connection> conn) : pool_(&pool), conn_(std::move(conn)) {}

Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_),
      conn_(std::move(other.conn_)),
      discard_(other.discard_),
      settings_(std::move(other.settings_)) {}

Lease::~Lease() {
  if (conn_) pool_->release(std::move(conn_), discard_);
}

Pool::Pool(PoolOptions options) : options_(std::move(options)) {}

Pool::~Pool() = default;

std::unique_ptr<pqxx::connection> Pool::open() {
  auto conn = std::make_unique<pqxx::connection>(with_connect_timeout(options_.url, options_.connect_timeout));
  // Deprecated in 6.4 but still the only switch: a silently reopened connection would drop the
  // session settings below and hide the failure from the transaction that hit it.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  conn->inhibit_reactivation(true);
#pragma GCC diagnostic pop
  pqxx::nontransaction setup(*conn);
  const std::string timeout = "statement_timeout = " + std::to_string(options_.statement_timeout.count());
  // The role exists once the service's migrations created it (then retire_connections() reopens).
  const bool role = !options_.session_role.empty() &&
                    !setup.exec_params("SELECT 1 FROM pg_roles WHERE rolname = $1", options_.session_role).empty();
  if (role && !announced_role_.exchange(true))
    log::info("database connections act as", {{"role", options_.session_role}});
  if (options_.settings_per_transaction) {
    std::string settings = "SET LOCAL " + timeout;
    if (role) settings += "; SET LOCAL ROLE " + setup.quote_name(options_.session_role);
    std::lock_guard lock(mutex_);
    transaction_settings_ = std::move(settings);
    return conn;
  }
  setup.exec("SET " + timeout);
  if (role) setup.exec("SET ROLE " + setup.quote_name(options_.session_role));
  return conn;
}

void Pool::prefill() {
  std::vector<Lease> held;
  try {
    while (held.size() < options_.size)
      held.push_back(acquire());
  } catch (const std::exception&) {
    // The database is not there yet: connections open on demand later.
  }
}

void Pool::retire_connections() {
  std::lock_guard lock(mutex_);
  ++generation_;
  for (const auto& c : idle_)
    born_.erase(c.get());
  open_ -= idle_.size();
  idle_.clear();
  available_.notify_all();
}

Lease Pool::lease(std::unique_ptr<pqxx::connection> conn) {
  Lease out(*this, std::move(conn));
  out.settings_ = transaction_settings_;  // empty unless settings_per_transaction
  return out;
}

Lease Pool::acquire() {
  static auto& waits = metrics::Registry::global().counter("hub_db_acquire_timeouts_total",
                                                           "Requests that found every database connection busy");
  std::unique_lock lock(mutex_);
  auto deadline = std::chrono::steady_clock::now() + options_.acquire_timeout;
  while (true) {
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      if (conn->is_open()) return lease(std::move(conn));
      born_.erase(conn.get());
      --open_;  // closed under us (server restart): replace it
      continue;
    }
    if (open_ < options_.size) {
      ++open_;
      const std::uint64_t generation = generation_;
      lock.unlock();
      try {
        auto conn = open();
        lock.lock();
        born_[conn.get()] = generation;
        return lease(std::move(conn));
      } catch (const std::exception& e) {
        lock.lock();
        --open_;
        available_.notify_one();
        throw ApiError(ErrorCode::kUnavailable, "database unavailable", e.what());
      }
    }
    if (available_.wait_until(lock, deadline) == std::cv_status::timeout) {
      waits.inc();
      throw ApiError(ErrorCode::kUnavailable, "database busy", "pool exhausted");
    }
  }
}

void Pool::release(std::unique_ptr<pqxx::connection> conn, bool discard) {
  std::lock_guard lock(mutex_);
  auto born = born_.find(conn.get());
  const bool retired = born != born_.end() && born->second < generation_;
  if (discard || retired || !conn->is_open()) {
    if (born != born_.end()) born_.erase(born);
    --open_;
    conn.reset();
  } else {
    idle_.push_back(std::move(conn));
  }
  available_.notify_one();
}

bool Pool::ping() {
  try {
    Lease lease = acquire();
    try {
      pqxx::nontransaction tx(*lease);
      tx.exec("SELECT 1");
      return true;
    } catch (const std::exception&) {
      lease.discard();
      return false;
    }
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace hub::db
