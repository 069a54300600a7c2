// The connection pool and transaction helper against a real PostgreSQL.
#include "common/db/pool.hpp"

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "common/db/transaction.hpp"
#include "tests/support/test_env.hpp"

namespace hub::db {
namespace {

TEST(Pool, TransactCommitsAndReturns) {
  test::TestDatabase db;
  Pool pool(PoolOptions{db.url(), 2});
  transact(pool, [](pqxx::work& tx) { tx.exec("CREATE TABLE t (v int); INSERT INTO t VALUES (41)"); });
  int v = transact(pool, [](pqxx::work& tx) { return tx.exec("SELECT v + 1 FROM t")[0][0].as<int>(); });
  EXPECT_EQ(v, 42);
}

TEST(Pool, ExceptionRollsBack) {
  test::TestDatabase db;
  Pool pool(PoolOptions{db.url(), 1});
  transact(pool, [](pqxx::work& tx) { tx.exec("CREATE TABLE t (v int)"); });
  EXPECT_THROW(transact(pool,
                        [](pqxx::work& tx) {
                          tx.exec("INSERT INTO t VALUES (1)");
                          throw ApiError(ErrorCode::kConflict, "no");
                        }),
               ApiError);
  EXPECT_EQ(transact(pool, [](pqxx::work& tx) { return tx.exec("SELECT count(*) FROM t")[0][0].as<int>(); }), 0);
}

TEST(Pool, SqlErrorIsInternalWithSqlOnlyInDetail) {
  test::TestDatabase db;
  Pool pool(PoolOptions{db.url(), 1});
  try {
    transact(pool, [](pqxx::work& tx) { tx.exec("SELECT * FROM no_such_table"); });
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 500);
    EXPECT_EQ(e.message(), "internal error");
    EXPECT_NE(e.detail().find("no_such_table"), std::string::npos);
  }
  // The connection is still good for the next caller.
  EXPECT_EQ(transact(pool, [](pqxx::work& tx) { return tx.exec("SELECT 7")[0][0].as<int>(); }), 7);
}

TEST(Pool, ExhaustionIsUnavailable) {
  test::TestDatabase db;
  PoolOptions o{db.url(), 1};
  o.acquire_timeout = std::chrono::milliseconds(200);
  Pool pool(o);
  Lease held = pool.acquire();
  try {
    pool.acquire();
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 503);
  }
}

TEST(Pool, RecoversWhenConnectionsAreKilled) {
  test::TestDatabase db;
  Pool pool(PoolOptions{db.url(), 2});
  EXPECT_TRUE(pool.ping());
  {
    // What a PostgreSQL restart does to every open connection.
    pqxx::connection admin(test::require_env("HUB_TEST_PG_ADMIN_URL"));
    pqxx::nontransaction tx(admin);
    tx.exec_params("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", db.name());
  }
  // The first use of the dead connection fails cleanly as 503 and drops it...
  bool failed_cleanly = false;
  try {
    transact(pool, [](pqxx::work& tx) { tx.exec("SELECT 1"); });
  } catch (const ApiError& e) {
    failed_cleanly = e.status() == 503;
  }
  // ...and from then on the pool serves from new connections, without a restart.
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(transact(pool, [](pqxx::work& tx) { return tx.exec("SELECT 1")[0][0].as<int>(); }), 1);
  }
  (void)failed_cleanly;  // whether the killed connection was noticed first depends on timing
}

TEST(Pool, UnreachableDatabaseIsUnavailable) {
  PoolOptions o{"postgresql://nobody@127.0.0.1:1/none", 1};
  o.connect_timeout = std::chrono::milliseconds(500);
  Pool pool(o);
  EXPECT_FALSE(pool.ping());
  try {
    pool.acquire();
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 503);
    EXPECT_EQ(e.message(), "database unavailable");
  }
}

}  // namespace
}  // namespace hub::db
