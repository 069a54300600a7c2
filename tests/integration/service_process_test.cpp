// A service process started for real: readiness follows its database, schema and Redis; a missing
// setting stops it with the variable's name.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "common/http/client.hpp"
#include "common/json/json.hpp"
#include "tests/support/process.hpp"
#include "tests/support/test_env.hpp"

namespace hub {
namespace {

TEST(ServiceProcess, ReadyWithDatabaseSchemaAndRedis) {
  test::TestDatabase db;
  test::TempDir dir;
  test::Process svc(test::program("hub-discussions"), {}, test::service_env(db.url()), dir.path() + "/svc.log");
  http::Client client({"127.0.0.1", svc.wait_for_listen()});
  auto ready = client.get("/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  auto doc = json::parse_object(ready.body).value();
  EXPECT_EQ(std::string(doc["checks"]["schema"].GetString()), "current");
  EXPECT_EQ(client.get("/healthz").status, 200);

  auto missing = client.get("/api/models/acme/bert/discussions");
  EXPECT_EQ(missing.status, 404) << "no feature routes yet: a clean 404, never a placeholder";
  EXPECT_EQ(missing.headers.get("X-Error-Code"), "NotFound");
  EXPECT_TRUE(json::parse_object(missing.body));

  auto metrics = client.get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("hub_http_requests_total{route=\"/readyz\",code=\"2xx\"}"), std::string::npos);
  EXPECT_NE(metrics.body.find("hub_http_request_duration_seconds_bucket{route=\"/healthz\""), std::string::npos);
  EXPECT_NE(svc.log().find("\"type\":\"access\""), std::string::npos) << "one access line per request";
}

TEST(ServiceProcess, MigratesAnEmptyDatabaseAtStart) {
  test::EmptyDatabase db;
  test::TempDir dir;
  test::Process svc(test::program("hub-bugs"), {}, test::service_env(db.url()), dir.path() + "/svc.log");
  http::Client client({"127.0.0.1", svc.wait_for_listen()});
  EXPECT_EQ(client.get("/readyz").status, 200);
  pqxx::connection c(db.url());
  pqxx::read_transaction tx(c);
  EXPECT_EQ(tx.exec("SELECT count(*) FROM bugs.schema_migrations")[0][0].as<int>(), 1);
}

TEST(ServiceProcess, JobMigrationModeWaitsForTheSchema) {
  test::EmptyDatabase db;
  test::TempDir dir;
  auto env = test::service_env(db.url());
  env["HUB_MIGRATE"] = "job";
  test::Process svc(test::program("hub-pulls"), {}, env, dir.path() + "/svc.log");
  http::Client client({"127.0.0.1", svc.wait_for_listen()});
  auto before = client.get("/readyz");
  EXPECT_EQ(before.status, 503) << "schema behind: not ready";
  EXPECT_NE(before.body.find("behind"), std::string::npos);
  test::Process job(test::program("hub-pulls"), {"--migrate"}, test::service_env(db.url()), dir.path() + "/job.log");
  ASSERT_EQ(job.wait(std::chrono::seconds(30)), 0) << job.log();
  int status = 0;
  for (int i = 0; i < 100 && status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    status = client.get("/readyz").status;
  }
  EXPECT_EQ(status, 200);
}

// Redis is ridden out (events wait in the outbox, limits count locally): reported as degraded, it
// does not take the service out of rotation.
TEST(ServiceProcess, ReadyWithoutRedisAndSaysDegraded) {
  test::TestDatabase db;
  test::TempDir dir;
  auto env = test::service_env(db.url());
  env["HUB_REDIS_URL"] = "redis://127.0.0.1:1";
  test::Process svc(test::program("hub-notifications"), {}, env, dir.path() + "/svc.log");
  http::Client client({"127.0.0.1", svc.wait_for_listen()});
  http::ClientResponse ready;
  for (int i = 0; i < 100; ++i) {
    ready = client.get("/readyz");
    if (ready.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_NE(ready.body.find("\"redis\":\"degraded\""), std::string::npos) << ready.body;
  EXPECT_EQ(client.get("/healthz").status, 200);
}

TEST(ServiceProcess, NotReadyWithoutDatabaseButAlive) {
  test::TempDir dir;
  auto env = test::service_env("postgresql://nobody@127.0.0.1:1/none");
  test::Process svc(test::program("hub-repos"), {}, env, dir.path() + "/svc.log");
  http::Client client({"127.0.0.1", svc.wait_for_listen()});
  auto ready = client.get("/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_NE(ready.body.find("\"database\":\"unreachable\""), std::string::npos);
}

TEST(ServiceProcess, MissingSecretNamesTheVariable) {
  test::TempDir dir;
  auto env = test::service_env("postgresql://x@127.0.0.1:1/x");
  env["HUB_INTERNAL_SECRET"] = "";
  env["HUB_THREADS"] = "many";
  test::Process svc(test::program("hub-auth"), {}, env, dir.path() + "/svc.log");
  EXPECT_EQ(svc.wait(std::chrono::seconds(10)), 2);
  EXPECT_NE(svc.log().find("HUB_INTERNAL_SECRET"), std::string::npos) << svc.log();
  EXPECT_NE(svc.log().find("HUB_THREADS"), std::string::npos) << svc.log();
}

TEST(ServiceProcess, DrainsOnSigterm) {
  test::TestDatabase db;
  test::TempDir dir;
  auto env = test::service_env(db.url());
  env["HUB_DRAIN_DELAY"] = "1500ms";
  test::Process svc(test::program("hub-auth"), {}, env, dir.path() + "/svc.log");
  http::Client client({"127.0.0.1", svc.wait_for_listen()});
  ASSERT_EQ(client.get("/readyz").status, 200);
  svc.signal(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto draining = client.get("/readyz");
  EXPECT_EQ(draining.status, 503) << "not ready at once, while still serving";
  EXPECT_NE(draining.body.find("\"draining\":true"), std::string::npos);
  EXPECT_EQ(svc.wait(std::chrono::seconds(15)), 0) << svc.log();
}

}  // namespace
}  // namespace hub
