#pragma once
// Runs a function in one database transaction and commits it, translating libpqxx failures into
// ApiErrors: a lost connection is 503 (and the connection is dropped), an unknown commit outcome is
// 503 that tells the client to retry with its Idempotency-Key, any other SQL error is a 500 whose
// SQL text stays in the log.
#include <pqxx/pqxx>
#include <type_traits>
#include <utility>

#include "common/db/pool.hpp"
#include "common/error/api_error.hpp"

namespace hub::db {

template <class Tx, class F>
auto run_in(Pool& pool, F&& f) {
  Lease lease = pool.acquire();
  try {
    Tx tx(*lease);
    if constexpr (std::is_void_v<std::invoke_result_t<F, Tx&>>) {
      f(tx);
      tx.commit();
    } else {
      auto result = f(tx);
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
