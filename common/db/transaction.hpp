#pragma once
// Runs a function in one database transaction and commits it, translating libpqxx failures into
// ApiErrors: a lost connection is 503 (and the connection is dropped), an unknown commit outcome is
// 503 that tells the client to retry with its Idempotency-Key, any other SQL error is a 500 whose
// SQL text stays in the log.
#include <pqxx/pqxx>
#include <string>
#include <type_traits>
#include <utility>

#include "common/db/pool.hpp"
#include "common/error/api_error.hpp"

namespace hub::db {

// Behind a transaction-mode pooler each statement outside a transaction block may run in another
// server session, so there a nontransaction's statements run inside BEGIN and COMMIT of its own,
// after the pool's settings (Lease::transaction_settings). A block still open when the caller's
// function throws is rolled back, so the connection goes back to the pool outside any transaction.
class PooledBlock {
 public:
  PooledBlock(pqxx::transaction_base& tx, Lease& lease, bool own_block) : tx_(tx), lease_(lease) {
    const std::string& settings = lease.transaction_settings();
    if (settings.empty()) return;
    open_ = own_block;
    tx_.exec(own_block ? "BEGIN; " + settings : settings);
  }
  ~PooledBlock() {
    if (!open_) return;
    try {
      tx_.exec("ROLLBACK");
    } catch (const std::exception&) {
      lease_.discard();
    }
  }
  PooledBlock(const PooledBlock&) = delete;
  PooledBlock& operator=(const PooledBlock&) = delete;
  void commit() {
    if (!open_) return;
    tx_.exec("COMMIT");
    open_ = false;
  }

 private:
  pqxx::transaction_base& tx_;
  Lease& lease_;
  bool open_ = false;
};

template <class Tx, class F>
auto run_in(Pool& pool, F&& f) {
  Lease lease = pool.acquire();
  try {
    Tx tx(*lease);
    PooledBlock block(tx, lease, std::is_same_v<Tx, pqxx::nontransaction>);
    if constexpr (std::is_void_v<std::invoke_result_t<F, Tx&>>) {
      f(tx);
      block.commit();
      tx.commit();
    } else {
      auto result = f(tx);
      block.commit();
      tx.commit();
      return result;
    }
  } catch (const pqxx::in_doubt_error& e) {
    lease.discard();
    throw ApiError(ErrorCode::kUnavailable, "database outcome unknown; retry with the same Idempotency-Key", e.what());
  } catch (const pqxx::broken_connection& e) {
    lease.discard();
    throw ApiError(ErrorCode::kUnavailable, "database unavailable", e.what());
  } catch (const pqxx::sql_error& e) {
    if (!lease->is_open()) lease.discard();
    throw ApiError(ErrorCode::kInternal, "internal error", std::string(e.what()) + " [" + e.query() + "]");
  }
}

template <class F>
auto transact(Pool& pool, F&& f) {
  return run_in<pqxx::work>(pool, std::forward<F>(f));
}

// For a single read on a hot path: no BEGIN and COMMIT around it, one round trip instead of three.
template <class F>
auto read_once(Pool& pool, F&& f) {
  return run_in<pqxx::nontransaction>(pool, std::forward<F>(f));
}

}  // namespace hub::db
