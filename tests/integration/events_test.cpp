// The event flow with real processes, really stopped: a service's outbox relay (hub-bugs, whose own
// consumer group reads these tests' events and ignores them; the relay trims what every group has
// read, so the tests count what was ever appended to the stream, not what is left in it),
// consumers built from common/events (hub-test-consumer), PostgreSQL and Redis. Every committed
// event must reach every consumer group exactly once in effect, whatever is stopped on the way.
#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <functional>
#include <pqxx/pqxx>
#include <thread>

#include "common/events/outbox.hpp"
#include "common/events/relay.hpp"
#include "common/http/client.hpp"
#include "common/redis/redis.hpp"
#include "common/util/random.hpp"
#include "tests/support/consumer_tables.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/process.hpp"
#include "tests/support/servers.hpp"
#include "tests/support/test_env.hpp"

namespace hub {
namespace {

using test::consumer_schema;
using test::eventually;
using test::scalar;

using namespace std::chrono_literals;

// Writes events the way a service does, through the outbox: one transaction each, or all in one.
std::vector<std::string> produce(const std::string& url, int n, const std::string& type = "test.happened",
                                 bool one_transaction = false) {
  pqxx::connection c(url);
  std::vector<std::string> ids;
  std::optional<pqxx::work> tx;
  for (int i = 0; i < n; ++i) {
    if (!tx) tx.emplace(c);
    auto e = events::Envelope::make(type, "{\"n\":" + std::to_string(i) + "}");
    events::append(*tx, "bugs", e);
    if (!one_transaction) {
      tx->commit();
      tx.reset();
    }
    ids.push_back(e.id);
  }
  if (tx) tx->commit();
  return ids;
}

long long effects(const std::string& url, const std::string& schema) {
  return scalar(url, "SELECT count(*) FROM " + schema + ".effects");
}

// Exactly once in effect: as many distinct events as effects, and each produced event present.
void expect_exactly_once(const std::string& url, const std::string& schema, long long produced) {
  EXPECT_EQ(effects(url, schema), produced) << schema;
  EXPECT_EQ(scalar(url, "SELECT count(DISTINCT event_id) FROM " + schema + ".effects"), produced) << schema;
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM bugs.outbox o WHERE NOT EXISTS (SELECT 1 FROM " + schema +
                            ".effects e WHERE e.event_id = o.event_id)"),
            0)
      << schema << ": every committed event has its effect";
}

long long unsent(const std::string& url) {
  return scalar(url, "SELECT count(*) FROM bugs.outbox WHERE sent_at IS NULL");
}

using Env = std::map<std::string, std::string>;

// A relay (hub-bugs) and consumers (hub-test-consumer) on one database and one Redis, on an
// events stream of their own; each consumer group's tables are made first.
struct Stack {
  Stack(std::string pg_url, std::string redis_url, std::initializer_list<std::string> groups = {})
      : pg(std::move(pg_url)), redis(std::move(redis_url)) {
    for (const auto& group : groups)
      consumer_schema(pg, "group_" + group);
  }

  test::Process& relay(const Env& extra = {}) {
    auto env = test::service_env(pg);
    env["HUB_REDIS_URL"] = redis;
    env["HUB_EVENTS_STREAM"] = stream;
    test::Process& started = start("hub-bugs", "relay", env, extra);
    started.wait_for_listen();
    return started;
  }

  // Returns once the consumer's group exists: hub-bugs' own group reads and acknowledges everything
  // at once, and a relay trims what every existing group has read, so a group made after the test
  // appended its events could find them gone.
  test::Process& consumer(const std::string& group, const Env& extra = {}) {
    test::Process& started = start("hub-test-consumer", "consumer",
                                   {{"HUB_PG_URL", pg},
                                    {"HUB_REDIS_URL", redis},
                                    {"HUB_EVENTS_STREAM", stream},
                                    {"TEST_GROUP", group},
                                    {"TEST_SCHEMA", "group_" + group}},
                                   extra);
    EXPECT_TRUE(eventually([&] { return has_group(group); }, 30s)) << started.log();
    return started;
  }

  bool has_group(const std::string& group) const {
    auto c = redis::Connection::open(redis::parse_url(redis).value(), 2s);
    auto groups = c->command({"XINFO", "GROUPS", stream});
    if (groups.is_error() || !groups.is_array()) return false;
    for (std::size_t i = 0; i < groups.size(); ++i) {
      const redisReply* g = groups.element(i);
      for (std::size_t j = 0; j + 1 < g->elements; j += 2) {
        if (redis::element_str(g->element[j]) == "name" && redis::element_str(g->element[j + 1]) == group) return true;
      }
    }
    return false;
  }

  // Entries ever appended to the stream (XINFO STREAM's entries-added, Redis 7), whatever a trim
  // took away since.
  long long appended() const {
    auto c = redis::Connection::open(redis::parse_url(redis).value(), 2s);
    auto info = c->command({"XINFO", "STREAM", stream});
    if (info.is_error() || !info.is_array()) return 0;
    for (std::size_t i = 0; i + 1 < info.size(); i += 2) {
      if (redis::element_str(info.element(i)) == "entries-added") return info.element(i + 1)->integer;
    }
    return -1;
  }

  const std::string pg;
  const std::string redis;
  test::TempDir dir;
  std::string stream = "events-" + util::random_id().substr(0, 12);
  std::vector<std::unique_ptr<test::Process>> processes;

 private:
  test::Process& start(const std::string& program, const std::string& role, Env env, const Env& extra) {
    for (const auto& [k, v] : extra)
      env[k] = v;
    processes.push_back(
        std::make_unique<test::Process>(test::program(program), std::vector<std::string>{}, env,
                                        dir.path() + "/" + role + std::to_string(processes.size()) + ".log"));
    return *processes.back();
  }
};

TEST(Outbox, RolledBackTransactionLeavesNoRowCommittedOneNotifies) {
  test::TestDatabase db;
  pqxx::connection listener(db.url());
  struct Receiver : pqxx::notification_receiver {
    using pqxx::notification_receiver::notification_receiver;
    int seen = 0;
    void operator()(const std::string&, int) override { ++seen; }
  } receiver(listener, events::outbox_channel("bugs"));

  pqxx::connection c(db.url());
  {
    pqxx::work tx(c);
    events::append(tx, "bugs", events::Envelope::make("test.rolled_back"));
    tx.abort();
  }
  EXPECT_EQ(scalar(db.url(), "SELECT count(*) FROM bugs.outbox"), 0);
  listener.await_notification(0, 300000);
  EXPECT_EQ(receiver.seen, 0) << "a rolled-back transaction wakes nobody";
  produce(db.url(), 1);
  EXPECT_EQ(scalar(db.url(), "SELECT count(*) FROM bugs.outbox WHERE sent_at IS NULL"), 1);
  listener.await_notification(5, 0);
  EXPECT_EQ(receiver.seen, 1);
}

// The relay reads from the lowest id the notifications name. A transaction that took its id before
// another's and commits after it was published still has its row relayed at once, by its own
// notification (the read from the first unsent row comes only once a minute).
TEST(Outbox, ARowCommittedAfterALaterOneIsRelayedAtOnce) {
  test::TestDatabase db;
  Stack stack(db.url(), test::redis_url());
  stack.relay();
  pqxx::connection early(db.url());
  pqxx::work held(early);
  events::append(held, "bugs", events::Envelope::make("test.early"));
  produce(db.url(), 3);
  ASSERT_TRUE(eventually([&] { return stack.appended() == 3; }));
  held.commit();
  EXPECT_TRUE(eventually([&] { return stack.appended() == 4 && unsent(db.url()) == 0; }, 3s))
      << "the late row waits for the relay's minute-long safety net instead";
}

// A notification without an id (a writer of before ids were sent) has the relay read from the
// first unsent row, as it did for every notification then.
TEST(Outbox, ANotificationWithoutAnIdReadsFromTheFirstUnsentRow) {
  test::TestDatabase db;
  Stack stack(db.url(), test::redis_url());
  stack.relay();
  produce(db.url(), 2);
  ASSERT_TRUE(eventually([&] { return stack.appended() == 2; }));
  pqxx::connection c(db.url());
  pqxx::work tx(c);
  tx.exec0(
      "INSERT INTO bugs.outbox (event_id, type, payload) VALUES (gen_random_uuid(), 'test.quiet', "
      "'{\"id\":\"00000000-0000-4000-8000-000000000001\",\"type\":\"test.quiet\",\"data\":{}}')");
  tx.exec0("NOTIFY " + events::outbox_channel("bugs") + ", ''");
  tx.commit();
  EXPECT_TRUE(eventually([&] { return stack.appended() == 3 && unsent(db.url()) == 0; }, 3s));
}

TEST(EventFlow, EveryGroupExactlyOnceAcrossARedisRestart) {
  test::RedisServer redis;
  test::TestDatabase db;
  Stack stack(db.url(), redis.url(), {"a", "b"});
  stack.relay();
  stack.consumer("a");
  stack.consumer("b");

  produce(db.url(), 20);
  ASSERT_TRUE(eventually([&] { return effects(db.url(), "group_a") == 20 && effects(db.url(), "group_b") == 20; }));

  redis.stop();
  produce(db.url(), 20);
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(unsent(db.url()), 20) << "nothing is marked sent while Redis is down";
  redis.start();

  ASSERT_TRUE(eventually([&] { return effects(db.url(), "group_a") >= 40 && effects(db.url(), "group_b") >= 40; }))
      << stack.processes[0]->log();
  EXPECT_TRUE(eventually([&] { return unsent(db.url()) == 0; }));
  std::this_thread::sleep_for(500ms);  // room for a duplicate to show up, if one were going to
  expect_exactly_once(db.url(), "group_a", 40);
  expect_exactly_once(db.url(), "group_b", 40);
}

TEST(EventFlow, RelayKilledBetweenPublishingAndMarkingSent) {
  test::TestDatabase db;
  Stack stack(db.url(), test::redis_url(), {"a", "b"});
  auto& stalled = stack.relay({{"HUB_TEST_RELAY_STALL_AFTER_PUBLISH", "30s"}});
  stack.consumer("a");
  stack.consumer("b");

  produce(db.url(), 10, "test.happened", true);  // one batch for the relay
  // Published but not yet marked: exactly the window a crash can fall into.
  ASSERT_TRUE(eventually([&] { return stack.appended() >= 10; }));
  EXPECT_EQ(unsent(db.url()), 10);
  stalled.signal(SIGKILL);
  stalled.wait(5s);

  auto& successor = stack.relay();
  ASSERT_TRUE(eventually([&] { return unsent(db.url()) == 0; }));
  http::Client metrics({"127.0.0.1", successor.wait_for_listen()});
  EXPECT_NE(metrics.get("/metrics").body.find("hub_events_published_total{schema=\"bugs\"} 10"), std::string::npos)
      << "the new relay published the same ten events again";
  ASSERT_TRUE(eventually([&] { return effects(db.url(), "group_a") >= 10 && effects(db.url(), "group_b") >= 10; }));
  std::this_thread::sleep_for(500ms);
  expect_exactly_once(db.url(), "group_a", 10);
  expect_exactly_once(db.url(), "group_b", 10);
}

TEST(EventFlow, PostgresRestartIsSurvivedWithoutRestartingTheService) {
  test::PostgresServer pg;
  pg.create_database("hub");
  const std::string url = pg.url("hub");
  test::TempDir dir;
  {
    test::Process migrate(test::program("hub-bugs"), {"--migrate"}, test::service_env(url), dir.path() + "/m.log");
    ASSERT_EQ(migrate.wait(30s), 0) << migrate.log();
  }
  Stack stack(url, test::redis_url(), {"a"});
  auto& service = stack.relay();
  stack.consumer("a");
  http::Client client({"127.0.0.1", service.wait_for_listen()});

  produce(url, 10);
  ASSERT_TRUE(eventually([&] { return effects(url, "group_a") == 10; }));
  pg.stop();
  EXPECT_TRUE(eventually([&] { return client.get("/readyz").status == 503; }, 10s)) << "not ready without its database";
  pg.start();
  EXPECT_TRUE(eventually([&] { return client.get("/readyz").status == 200; }, 30s)) << "the pool recovered by itself";
  produce(url, 10);
  ASSERT_TRUE(eventually([&] { return effects(url, "group_a") >= 20; })) << service.log();
  std::this_thread::sleep_for(500ms);
  expect_exactly_once(url, "group_a", 20);
  EXPECT_TRUE(service.running()) << "the same process throughout";
}

long long leader_gauge(test::Process& p) {
  http::Client c({"127.0.0.1", p.wait_for_listen()});
  std::string m = c.get("/metrics").body;
  auto pos = m.find("hub_events_relay_leader{schema=\"bugs\"} ");
  if (pos == std::string::npos) return -1;
  return std::stoll(m.substr(pos + std::string("hub_events_relay_leader{schema=\"bugs\"} ").size()));
}

TEST(EventFlow, TwoRelaysNeverPublishConcurrently) {
  test::TestDatabase db;
  Stack stack(db.url(), test::redis_url());
  auto& first = stack.relay();
  auto& second = stack.relay();
  ASSERT_TRUE(eventually([&] { return leader_gauge(first) + leader_gauge(second) == 1; }, 10s));
  EXPECT_EQ(scalar(test::require_env("HUB_TEST_PG_ADMIN_URL"),
                   "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = "
                   "'advisory' AND l.granted AND d.datname = '" +
                       db.name() + "'"),
            1)
      << "one advisory lock, one publisher";

  produce(db.url(), 30);
  ASSERT_TRUE(eventually([&] { return unsent(db.url()) == 0; }));
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(stack.appended(), 30) << "no event published twice: never two publishers at once";

  test::Process& leader = leader_gauge(first) == 1 ? first : second;
  test::Process& standby = &leader == &first ? second : first;
  leader.signal(SIGKILL);
  leader.wait(5s);
  ASSERT_TRUE(eventually([&] { return leader_gauge(standby) == 1; }, 15s)) << "the standby takes over";
  produce(db.url(), 10);
  ASSERT_TRUE(eventually([&] { return unsent(db.url()) == 0; }));
  EXPECT_EQ(stack.appended(), 40);
}

TEST(EventFlow, ConsumerKilledMidBatchHasItsEntriesReclaimed) {
  test::TestDatabase db;
  Stack stack(db.url(), test::redis_url(), {"a"});
  stack.relay();
  auto& doomed = stack.consumer("a", {{"TEST_STALL_MS", "600000"}});
  produce(db.url(), 5);
  ASSERT_TRUE(eventually([&] { return doomed.log().find("handling, then stalling") != std::string::npos; }));
  doomed.signal(SIGKILL);
  doomed.wait(5s);
  EXPECT_EQ(effects(db.url(), "group_a"), 0) << "nothing committed before the kill";

  auto& heir = stack.consumer("a", {{"TEST_RECLAIM_IDLE_MS", "1000"}});
  ASSERT_TRUE(eventually([&] { return effects(db.url(), "group_a") >= 5; })) << heir.log();
  std::this_thread::sleep_for(500ms);
  expect_exactly_once(db.url(), "group_a", 5);
  EXPECT_NE(heir.log().find("reclaimed pending events"), std::string::npos);
}

TEST(EventFlow, PoisonEventGoesToTheDeadLetterStream) {
  test::TestDatabase db;
  Stack stack(db.url(), test::redis_url(), {"a"});
  stack.relay();
  auto& consumer = stack.consumer("a", {{"TEST_FAIL_TYPE", "test.poison"}, {"TEST_MAX_ATTEMPTS", "3"}});
  produce(db.url(), 1);
  auto poison = produce(db.url(), 1, "test.poison");
  produce(db.url(), 1);
  ASSERT_TRUE(eventually([&] { return effects(db.url(), "group_a") == 2; })) << consumer.log();
  auto c = redis::Connection::open(redis::parse_url(stack.redis).value(), 2s);
  ASSERT_TRUE(eventually([&] { return c->command({"XLEN", stack.stream + ":dead"}).integer() == 1; }));
  auto dead = c->command({"XRANGE", stack.stream + ":dead", "-", "+"});
  ASSERT_EQ(dead.size(), 1u);
  std::string fields;
  const auto* entry = dead.element(0);
  for (std::size_t i = 0; i < entry->element[1]->elements; ++i)
    fields += redis::element_str(entry->element[1]->element[i]);
  EXPECT_NE(fields.find(poison[0]), std::string::npos) << "the dead letter carries the event";
  auto pending = c->command({"XPENDING", stack.stream, "a"});
  EXPECT_EQ(pending.element(0)->integer, 0) << "nothing left pending: the group moved on";
}

TEST(EventFlow, APoisonEventInABatchRollsBackAloneAndTheRestCommit) {
  test::TestDatabase db;
  Stack stack(db.url(), test::redis_url(), {"a"});
  stack.relay();
  // Nine events in the stream before the consumer starts: it reads them as one batch, handled in
  // one transaction with a savepoint per event. Its group exists first, so no trim takes them.
  auto c = redis::Connection::open(redis::parse_url(stack.redis).value(), 2s);
  ASSERT_FALSE(c->command({"XGROUP", "CREATE", stack.stream, "a", "0", "MKSTREAM"}).is_error());
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    for (auto& id : produce(db.url(), 2, "test.happened", true))
      ids.push_back(id);
    produce(db.url(), 1, "test.poison");
  }
  ASSERT_TRUE(eventually([&] { return stack.appended() == 9; }));
  auto& consumer = stack.consumer("a", {{"TEST_FAIL_TYPE", "test.poison"}, {"TEST_MAX_ATTEMPTS", "2"}});
  ASSERT_TRUE(eventually([&] {
    return c->command({"XLEN", stack.stream + ":dead"}).integer() == 3;
  })) << consumer.log();
  EXPECT_EQ(effects(db.url(), "group_a"), 6) << "the poison's own writes rolled back, every other event's kept";
  for (const auto& id : ids)
    EXPECT_EQ(scalar(db.url(), "SELECT count(*) FROM group_a.effects WHERE event_id = '" + id + "'"), 1) << id;
  EXPECT_EQ(scalar(db.url(), "SELECT count(*) FROM group_a.processed_events"), 6)
      << "a poison event is not recorded as processed";
  auto pending = c->command({"XPENDING", stack.stream, "a"});
  EXPECT_EQ(pending.element(0)->integer, 0) << "every entry acknowledged or set aside";
}

TEST(EventFlow, StreamTrimmedOnlyBelowTheSlowestGroup) {
  auto c = redis::Connection::open(redis::parse_url(test::redis_url()).value(), 2s);
  std::string stream = "trim-" + util::random_id().substr(0, 12);
  EXPECT_EQ(events::trim_below_slowest_group(*c, stream), 0) << "no groups, nothing trimmed";
  std::vector<std::string> ids;
  ids.reserve(10);
  for (int i = 0; i < 10; ++i)
    ids.emplace_back(c->command({"XADD", stream, "*", "n", std::to_string(i)}).str());
  c->command({"XGROUP", "CREATE", stream, "fast", "0"});
  c->command({"XGROUP", "CREATE", stream, "slow", "0"});
  EXPECT_EQ(events::trim_below_slowest_group(*c, stream), 0) << "a group that read nothing keeps everything";
  c->command({"XREADGROUP", "GROUP", "fast", "f1", "COUNT", "10", "STREAMS", stream, ">"});
  for (const auto& id : ids)
    c->command({"XACK", stream, "fast", id});
  c->command({"XREADGROUP", "GROUP", "slow", "s1", "COUNT", "4", "STREAMS", stream, ">"});
  c->command({"XACK", stream, "slow", ids[0]});
  c->command({"XACK", stream, "slow", ids[1]});  // ids[2] and ids[3] stay pending
  EXPECT_EQ(events::trim_below_slowest_group(*c, stream), 2);
  EXPECT_EQ(c->command({"XLEN", stream}).integer(), 8);
  c->command({"XACK", stream, "slow", ids[2]});
  c->command({"XACK", stream, "slow", ids[3]});
  EXPECT_EQ(events::trim_below_slowest_group(*c, stream), 2) << "now up to what slow has read";
  EXPECT_EQ(c->command({"XLEN", stream}).integer(), 6);
  c->command({"DEL", stream});
}

}  // namespace
}  // namespace hub
