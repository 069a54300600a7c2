// What an event handler leaves for after its commit (common/events/after_commit.hpp) runs once the
// transaction has committed and never when it does not: with a real consumer, PostgreSQL and Redis,
// and for the one handler that needs it, auth's reconciler, whose invalidation used to be published
// inside the consumer's transaction.
#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <utility>
#include <vector>

#include "common/events/consumer.hpp"
#include "common/redis/keys.hpp"
#include "common/redis/redis.hpp"
#include "common/util/random.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/app/invalidator.hpp"
#include "services/auth/app/reconciler.hpp"
#include "tests/support/consumer_tables.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/servers.hpp"
#include "tests/support/test_env.hpp"

namespace hub {
namespace {

using namespace std::chrono_literals;
using test::eventually;
using test::scalar;

void add_to_stream(const std::string& stream, const std::string& type) {
  auto c = redis::Connection::open(redis::parse_url(test::redis_url()).value(), 2s);
  ASSERT_FALSE(c->command({"XADD", stream, "*", "envelope", events::Envelope::make(type).to_json()}).is_error());
}

TEST(AfterCommit, ConsumerRunsTheHandlersActionsOnlyOnceItsTransactionCommitted) {
  test::TestDatabase db;
  test::consumer_schema(db.url(), "group_a");
  {
    // Checked only at COMMIT: a handler whose statements all succeed can still fail to commit.
    pqxx::connection c(db.url());
    pqxx::work tx(c);
    tx.exec("CREATE TABLE group_a.once (n int, CONSTRAINT once_n UNIQUE (n) DEFERRABLE INITIALLY DEFERRED)");
    tx.commit();
  }
  events::ConsumerOptions o;
  o.stream = "after-commit-" + util::random_id().substr(0, 12);
  o.group = "a";
  o.schema = "group_a";
  o.redis = redis::parse_url(test::redis_url()).value();
  o.block = 200ms;
  o.max_attempts = 2;
  db::Pool pool(db::PoolOptions{db.url(), 2});

  std::mutex mutex;
  // Each action that ran: its event's type, and whether another connection saw the event's effect.
  std::vector<std::pair<std::string, long long>> ran;
  events::StreamConsumer consumer(o, pool, [&](pqxx::work& tx, const events::Envelope& e, events::AfterCommit& after) {
    tx.exec_params("INSERT INTO group_a.effects (event_id, consumer) VALUES ($1::uuid, 'a')", e.id);
    after.add([&, id = e.id, type = e.type] {
      const long long committed =
          scalar(db.url(), "SELECT count(*) FROM group_a.effects WHERE event_id = '" + id + "'");
      std::lock_guard lock(mutex);
      ran.emplace_back(type, committed);
    });
    if (e.type == "test.refused") throw std::runtime_error("this handler refuses after adding its action");
    if (e.type == "test.commit_fails") tx.exec("INSERT INTO group_a.once VALUES (1), (1)");
  });
  consumer.start();
  add_to_stream(o.stream, "test.refused");
  add_to_stream(o.stream, "test.commit_fails");
  add_to_stream(o.stream, "test.happened");

  auto c = redis::Connection::open(o.redis, 2s);
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(mutex);
    return !ran.empty() && c->command({"XLEN", o.stream + ":dead"}).integer() == 2;
  })) << "both failing events tried to the limit, the good one handled";
  consumer.stop();
  std::lock_guard lock(mutex);
  ASSERT_EQ(ran.size(), 1u) << "no action of a rolled-back handler or a failed commit ran";
  EXPECT_EQ(ran[0].first, "test.happened");
  EXPECT_EQ(ran[0].second, 1) << "the action ran after the commit: another connection saw the effect";
  EXPECT_EQ(scalar(db.url(), "SELECT count(*) FROM group_a.effects"), 1);
}

// Auth's reconciler handling a repo.created event that registers a repo, with a subscriber on the
// invalidation channel of a Redis of its own (no other test's invalidation on it).
class ReconcilerInvalidation : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(subscriber_->command({"SUBSCRIBE", redis::keys::kAuthInvalidationChannel}).is_error());
    event_.repo = events::RepoRef{util::uuid4(), "model", "someone/a-model"};
  }
  long long registered() const {
    return scalar(db_.url(), "SELECT count(*) FROM auth.repos WHERE id = '" + event_.repo->id + "'");
  }

  test::RedisServer redis_;
  test::TestDatabase db_;
  std::unique_ptr<redis::Connection> subscriber_ = redis::Connection::open(redis::parse_url(redis_.url()).value(), 2s);
  auth::Invalidator invalidator_{redis_.url()};
  events::Envelope event_ = events::Envelope::make("repo.created", R"({"private":true})");
  pqxx::connection connection_{db_.url()};
  events::AfterCommit after_commit_;
};

TEST_F(ReconcilerInvalidation, PublishedOnlyAfterTheCommit) {
  pqxx::work tx(connection_);
  auth::handle_event(tx, event_, after_commit_, invalidator_);
  EXPECT_FALSE(subscriber_->wait_reply(500ms)) << "nothing published while the transaction is open";
  EXPECT_EQ(registered(), 0);
  tx.commit();
  after_commit_.run();

  auto message = subscriber_->wait_reply(5s);
  ASSERT_TRUE(message) << "the registry changed: every cached decision is stale";
  ASSERT_EQ(message->size(), 3u);
  EXPECT_EQ(redis::element_str(message->element(2)), "all");
  EXPECT_EQ(registered(), 1) << "published once the change was there to be seen";
}

TEST_F(ReconcilerInvalidation, NothingPublishedForARolledBackChange) {
  {
    pqxx::work tx(connection_);
    auth::handle_event(tx, event_, after_commit_, invalidator_);
    EXPECT_FALSE(after_commit_.empty()) << "the registry would have changed";
    tx.abort();  // the consumer drops the list unrun
  }
  EXPECT_FALSE(subscriber_->wait_reply(500ms)) << "a change that never happened is never announced";
  EXPECT_EQ(registered(), 0);
}

}  // namespace
}  // namespace hub
