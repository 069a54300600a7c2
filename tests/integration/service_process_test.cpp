// A service process started for real: readiness follows its database, schema and Redis; a missing
// setting stops it with the variable's name.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <pqxx/pqxx>
#include <string>

#include "common/http/client.hpp"
#include "common/json/json.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/process.hpp"
#include "tests/support/test_env.hpp"

namespace hub {
namespace {

using Env = std::map<std::string, std::string>;

// The environment of a service on `pg_url`, with some variables set otherwise.
Env env_with(const std::string& pg_url, const Env& overrides = {}) {
  auto env = test::service_env(pg_url);
  for (const auto& [name, value] : overrides)
    env[name] = value;
  return env;
}

// A service process started for one test, its log in a folder of its own.
struct Started {
  Started(const std::string& program, const Env& env)
      : process(test::program(program), {}, env, dir.path() + "/svc.log") {}
  test::TempDir dir;
  test::Process process;
};

// /readyz until it answers 200, for up to ten seconds; its last answer.
http::ClientResponse readyz_once_ready(http::Client& client) {
  http::ClientResponse ready;
  test::eventually([&] { return (ready = client.get("/readyz")).status == 200; }, std::chrono::seconds(10));
  return ready;
}

TEST(ServiceProcess, ReadyWithDatabaseSchemaAndRedis) {
  test::TestDatabase db;
  Started svc("hub-bugs", env_with(db.url()));
  http::Client client({"127.0.0.1", svc.process.wait_for_listen()});
  auto ready = client.get("/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  auto doc = json::parse_object(ready.body).value();
  EXPECT_EQ(std::string(doc["checks"]["schema"].GetString()), "current");
  EXPECT_EQ(client.get("/healthz").status, 200);

  auto missing = client.get("/api/models/acme/bert/no-such-feature");
  EXPECT_EQ(missing.status, 404) << "a path it has no route for: a clean 404, never a placeholder";
  EXPECT_EQ(missing.headers.get("X-Error-Code"), "NotFound");
  EXPECT_TRUE(json::parse_object(missing.body));

  auto metrics = client.get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("hub_http_requests_total{route=\"/readyz\",code=\"2xx\"}"), std::string::npos);
  EXPECT_NE(metrics.body.find("hub_http_request_duration_seconds_bucket{route=\"/healthz\""), std::string::npos);
  EXPECT_NE(svc.process.log().find("\"type\":\"access\""), std::string::npos) << "one access line per request";
}

TEST(ServiceProcess, MigratesAnEmptyDatabaseAtStart) {
  test::EmptyDatabase db;
  Started svc("hub-bugs", env_with(db.url()));
  http::Client client({"127.0.0.1", svc.process.wait_for_listen()});
  EXPECT_EQ(client.get("/readyz").status, 200);
  pqxx::connection c(db.url());
  pqxx::read_transaction tx(c);
  // Every migration it embeds: schemas/common/ and schemas/bugs/.
  int files = 0;
  for (const char* dir : {"/schemas/common", "/schemas/bugs"})
    for (const auto& f : std::filesystem::directory_iterator(std::string(HUB_SOURCE_DIR) + dir))
      files += f.path().extension() == ".sql";
  EXPECT_GE(files, 2);
  EXPECT_EQ(tx.exec("SELECT count(*) FROM bugs.schema_migrations")[0][0].as<int>(), files);
}

TEST(ServiceProcess, JobMigrationModeWaitsForTheSchema) {
  test::EmptyDatabase db;
  Started svc("hub-pulls", env_with(db.url(), {{"HUB_MIGRATE", "job"}}));
  http::Client client({"127.0.0.1", svc.process.wait_for_listen()});
  auto before = client.get("/readyz");
  EXPECT_EQ(before.status, 503) << "schema behind: not ready";
  EXPECT_NE(before.body.find("behind"), std::string::npos);
  test::Process job(test::program("hub-pulls"), {"--migrate"}, env_with(db.url()), svc.dir.path() + "/job.log");
  ASSERT_EQ(job.wait(std::chrono::seconds(30)), 0) << job.log();
  EXPECT_EQ(readyz_once_ready(client).status, 200);
}

// Redis is ridden out (events wait in the outbox, limits count locally): reported as degraded, it
// does not take the service out of rotation.
TEST(ServiceProcess, ReadyWithoutRedisAndSaysDegraded) {
  test::TestDatabase db;
  Started svc("hub-notifications", env_with(db.url(), {{"HUB_REDIS_URL", "redis://127.0.0.1:1"}}));
  http::Client client({"127.0.0.1", svc.process.wait_for_listen()});
  auto ready = readyz_once_ready(client);
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_NE(ready.body.find("\"redis\":\"degraded\""), std::string::npos) << ready.body;
  EXPECT_EQ(client.get("/healthz").status, 200);
}

TEST(ServiceProcess, NotReadyWithoutDatabaseButAlive) {
  Started svc("hub-repos", env_with("postgresql://nobody@127.0.0.1:1/none"));
  http::Client client({"127.0.0.1", svc.process.wait_for_listen()});
  auto ready = client.get("/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_NE(ready.body.find("\"database\":\"unreachable\""), std::string::npos);
}

TEST(ServiceProcess, MissingSecretNamesTheVariable) {
  Started svc("hub-auth",
              env_with("postgresql://x@127.0.0.1:1/x", {{"HUB_INTERNAL_SECRET", ""}, {"HUB_THREADS", "many"}}));
  EXPECT_EQ(svc.process.wait(std::chrono::seconds(10)), 2);
  EXPECT_NE(svc.process.log().find("HUB_INTERNAL_SECRET"), std::string::npos) << svc.process.log();
  EXPECT_NE(svc.process.log().find("HUB_THREADS"), std::string::npos) << svc.process.log();
}

TEST(ServiceProcess, DrainsOnSigterm) {
  test::TestDatabase db;
  Started svc("hub-auth", env_with(db.url(), {{"HUB_DRAIN_DELAY", "1500ms"}}));
  http::Client client({"127.0.0.1", svc.process.wait_for_listen()});
  ASSERT_EQ(client.get("/readyz").status, 200);
  svc.process.signal(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto draining = client.get("/readyz");
  EXPECT_EQ(draining.status, 503) << "not ready at once, while still serving";
  EXPECT_NE(draining.body.find("\"draining\":true"), std::string::npos);
  EXPECT_EQ(svc.process.wait(std::chrono::seconds(15)), 0) << svc.process.log();
}

}  // namespace
}  // namespace hub
