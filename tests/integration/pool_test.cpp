// The connection pool and transaction helper against a real PostgreSQL.
#include "common/db/pool.hpp"

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "common/db/prepared.hpp"
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

// Behind a transaction-mode pooler (HUB_PG_PREPARED=off) a transaction gets the pool's settings for
// itself, and the server session, which the pooler hands to its next client, keeps none of them.
TEST(Pool, SettingsPerTransactionStayInTheTransaction) {
  test::TestDatabase db;
  PoolOptions o{db.url(), 1};
  o.statement_timeout = std::chrono::milliseconds(1234);
  o.session_role = "hub_auth_runtime";  // auth's migrations made it (roles belong to the cluster)
  o.settings_per_transaction = true;
  Pool pool(o);
  const std::string settings = "SELECT current_setting('statement_timeout') || ' ' || current_user";
  EXPECT_EQ(transact(pool, [&](pqxx::work& tx) { return tx.exec(settings)[0][0].as<std::string>(); }),
            "1234ms hub_auth_runtime");
  EXPECT_EQ(read_once(pool, [&](pqxx::nontransaction& tx) { return tx.exec(settings)[0][0].as<std::string>(); }),
            "1234ms hub_auth_runtime");
  // A read that throws leaves no transaction block open behind it.
  EXPECT_THROW(read_once(pool,
                         [](pqxx::nontransaction& tx) {
                           tx.exec("SELECT 1");
                           throw ApiError(ErrorCode::kNotFound, "no");
                         }),
               ApiError);
  Lease lease = pool.acquire();
  pqxx::nontransaction bare(*lease);
  EXPECT_EQ(bare.exec(settings)[0][0].as<std::string>(), "0 hub");
  EXPECT_TRUE(
      bare.exec("SELECT xact_start = query_start FROM pg_stat_activity WHERE pid = pg_backend_pid()")[0][0].as<bool>())
      << "the statement runs in a transaction of its own, not one left open";
}

TEST(Pool, NamedStatementsOffRunTheSameTextUnnamed) {
  test::TestDatabase db;
  Pool pool(PoolOptions{db.url(), 1});
  auto add_one = [](pqxx::nontransaction& tx) {
    return exec_statement(tx, "SELECT $1::int + 1", 41)[0][0].as<int>() +
           exec_statement(tx, "SELECT count(*) FROM pg_prepared_statements")[0][0].as<int>() * 1000;
  };
  use_named_statements(false);
  EXPECT_EQ(read_once(pool, add_one), 42) << "the same answer, nothing prepared";
  use_named_statements(true);
  EXPECT_EQ(read_once(pool, add_one), 2042) << "the same answer, both statements prepared by name";
}

}  // namespace
}  // namespace hub::db
