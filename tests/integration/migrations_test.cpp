// The migration runner against a real PostgreSQL: order, bookkeeping, atomicity, checksums, and
// concurrent starts (threads in one process and separate service processes).
#include "common/db/migrations.hpp"

#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <thread>

#include "tests/support/process.hpp"
#include "tests/support/test_env.hpp"

namespace hub::db {
namespace {

int count(pqxx::connection& c, const std::string& sql) {
  pqxx::read_transaction tx(c);
  return tx.exec(sql)[0][0].as<int>();
}

// Would fail if it ran twice: the table exists the second time, and the row count would double.
const char* kOnce = "CREATE TABLE once (id int); INSERT INTO once VALUES (1);";

// Each test on an empty database of its own, with a connection to it.
class Migrations : public ::testing::Test {
 protected:
  test::EmptyDatabase db_;
  pqxx::connection c_{db_.url()};
};

TEST_F(Migrations, AppliesInOrderAndRecords) {
  auto ms = parse_migrations({{"002_more.sql", "ALTER TABLE things ADD COLUMN label text;"},
                              {"001_things.sql", "CREATE TABLE things (id int);"}})
                .value();
  migrate(c_, "svc", ms);
  EXPECT_EQ(count(c_, "SELECT count(*) FROM svc.schema_migrations"), 2);
  EXPECT_EQ(count(c_,
                  "SELECT count(*) FROM information_schema.columns WHERE table_schema='svc' AND "
                  "table_name='things' AND column_name='label'"),
            1);
  auto status = schema_status(c_, "svc", ms);
  EXPECT_EQ(status.applied, 2);
  EXPECT_TRUE(status.current());
  migrate(c_, "svc", ms);  // a second start changes nothing
  EXPECT_EQ(count(c_, "SELECT count(*) FROM svc.schema_migrations"), 2);
}

TEST_F(Migrations, StatusBehindUntilApplied) {
  auto ms = parse_migrations({{"001_a.sql", "CREATE TABLE a (id int);"}}).value();
  EXPECT_FALSE(schema_status(c_, "svc", ms).current());
  migrate(c_, "svc", ms);
  EXPECT_TRUE(schema_status(c_, "svc", ms).current());
}

TEST_F(Migrations, ConcurrentStartsApplyEachOnce) {
  auto ms = parse_migrations({{"001_once.sql", kOnce}, {"002_more.sql", "INSERT INTO once VALUES (2);"}}).value();
  std::vector<std::thread> starts;
  starts.reserve(8);
  std::atomic<int> failures{0};
  for (int i = 0; i < 8; ++i) {
    starts.emplace_back([&] {
      try {
        pqxx::connection c(db_.url());
        migrate(c, "svc", ms);
      } catch (const std::exception&) {
        ++failures;
      }
    });
  }
  for (auto& t : starts)
    t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(count(c_, "SELECT count(*) FROM svc.once"), 2);
  EXPECT_EQ(count(c_, "SELECT count(*) FROM svc.schema_migrations"), 2);
}

TEST_F(Migrations, FailingMigrationLeavesNoTrace) {
  auto ms = parse_migrations({{"001_ok.sql", "CREATE TABLE ok (id int);"},
                              {"002_bad.sql", "CREATE TABLE half (id int); SELECT no_such_function();"}})
                .value();
  EXPECT_THROW(migrate(c_, "svc", ms), std::runtime_error);
  EXPECT_EQ(count(c_, "SELECT count(*) FROM svc.schema_migrations"), 1);
  EXPECT_EQ(count(c_, "SELECT count(*) FROM pg_tables WHERE schemaname='svc' AND tablename='half'"), 0);
  EXPECT_FALSE(schema_status(c_, "svc", ms).current());
}

TEST_F(Migrations, EditedMigrationStopsTheStart) {
  migrate(c_, "svc", parse_migrations({{"001_a.sql", "CREATE TABLE a (id int);"}}).value());
  auto edited = parse_migrations({{"001_a.sql", "CREATE TABLE a (id bigint);"}}).value();
  try {
    migrate(c_, "svc", edited);
    FAIL() << "an edited migration must be refused";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("changed after it was applied"), std::string::npos);
  }
}

TEST_F(Migrations, ConcurrentServiceProcessesWithMigrateFlag) {
  test::TempDir dir;
  std::vector<std::unique_ptr<test::Process>> procs;
  procs.reserve(4);
  for (int i = 0; i < 4; ++i) {
    procs.push_back(std::make_unique<test::Process>(test::program("hub-auth"), std::vector<std::string>{"--migrate"},
                                                    test::service_env(db_.url()),
                                                    dir.path() + "/migrate" + std::to_string(i) + ".log"));
  }
  for (auto& p : procs) {
    auto status = p->wait(std::chrono::seconds(60));
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(*status, 0) << p->log();
  }
  EXPECT_EQ(count(c_, "SELECT count(*) FROM auth.schema_migrations WHERE version = 1"), 1);
  EXPECT_EQ(count(c_, "SELECT count(*) FROM pg_tables WHERE schemaname='auth' AND tablename='outbox'"), 1);
}

}  // namespace
}  // namespace hub::db
