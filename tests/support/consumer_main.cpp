// A consumer of the events stream for the event-flow tests, built from common/events like the
// services' own consumers. Each event it handles inserts one row into <schema>.effects in the same
// transaction that records the event as processed, so a test can count effects per event.
//   HUB_PG_URL, HUB_REDIS_URL, HUB_EVENTS_STREAM   where to read and write
//   TEST_GROUP, TEST_SCHEMA                         the consumer group, the schema of its tables
//   TEST_STALL_MS        sleep inside each handler before committing (to be killed mid-batch)
//   TEST_FAIL_TYPE       events of this type always fail, after writing their effect (to reach the
//                        dead-letter stream, and to show the failure rolls that effect back)
//   TEST_RECLAIM_IDLE_MS, TEST_MAX_ATTEMPTS
#include <csignal>
#include <iostream>
#include <thread>

#include "common/config/config.hpp"
#include "common/events/consumer.hpp"
#include "common/log/log.hpp"

using namespace hub;  // NOLINT(google-build-using-namespace)

namespace {
volatile std::sig_atomic_t g_stop = 0;
}

int main() {
  config::Reader r(config::environment());
  std::string pg = r.required("HUB_PG_URL", "database");
  auto redis_url = redis::parse_url(r.required("HUB_REDIS_URL", "redis"));
  events::ConsumerOptions o;
  o.stream = r.string("HUB_EVENTS_STREAM", "events");
  o.group = r.required("TEST_GROUP", "consumer group");
  o.schema = r.required("TEST_SCHEMA", "schema");
  o.reclaim_idle = r.millis("TEST_RECLAIM_IDLE_MS", std::chrono::seconds(30));
  o.reclaim_every = std::chrono::milliseconds(200);
  o.block = std::chrono::milliseconds(200);
  o.max_attempts = static_cast<int>(r.integer("TEST_MAX_ATTEMPTS", 5, 1, 100));
  auto stall = r.millis("TEST_STALL_MS", std::chrono::milliseconds(0));
  std::string fail_type = r.string("TEST_FAIL_TYPE", "");
  try {
    r.check();
  } catch (const config::ConfigError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  if (!redis_url) return 2;
  o.redis = redis_url.value();
  log::init("test-consumer", log::Level::kInfo);

  db::Pool pool(db::PoolOptions{pg, 2});
  events::StreamConsumer consumer(o, pool, [&](pqxx::work& tx, const events::Envelope& e, events::AfterCommit&) {
    if (stall.count() > 0) {
      log::info("handling, then stalling", {{"event", e.id}});
      std::this_thread::sleep_for(stall);
    }
    tx.exec_params("INSERT INTO " + tx.quote_name(o.schema) + ".effects (event_id, consumer) VALUES ($1::uuid, $2)",
                   e.id, o.consumer);
    // After its write: a failing event's effect must be rolled back with it.
    if (!fail_type.empty() && e.type == fail_type) throw std::runtime_error("this consumer refuses " + fail_type);
  });
  std::signal(SIGTERM, [](int) { g_stop = 1; });
  std::signal(SIGINT, [](int) { g_stop = 1; });
  consumer.start();
  log::info("consuming", {{"group", o.group}, {"consumer", consumer.consumer_name()}});
  while (!g_stop)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  consumer.stop();
  return 0;
}
