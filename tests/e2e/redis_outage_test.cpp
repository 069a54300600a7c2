// A Redis restart is ridden out: the gateway stays ready and keeps serving through it (rate limits
// counted locally, the caller cache off), says "degraded" nowhere it matters to a load balancer,
// and is the same afterwards. Under the k8s probes (every 2 s, two misses) a gateway that failed
// readiness here would leave rotation within seconds, and every replica with it.
#include <gtest/gtest.h>

#include <thread>

#include "common/http/client.hpp"
#include "tests/support/extra_gateway.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/servers.hpp"

namespace hub {
namespace {

TEST(RedisOutage, TheGatewayStaysReadyAndServesThroughARedisRestart) {
  test::RedisServer redis;
  test::ExtraGateway g(redis.url(), {{"HUB_RATE_LIMIT", "1"}, {"HUB_HEALTH_INTERVAL", "100ms"}});
  const test::Account a = test::new_account("ro");
  const test::TestRepo r = test::new_repo(a, false);
  http::Client client(g.address());
  ASSERT_EQ(client.get("/readyz").status, 200);

  redis.stop();
  // Through the outage, long enough for several health rounds and two probe periods.
  for (int i = 0; i < 25; ++i) {
    auto ready = client.get("/readyz");
    EXPECT_EQ(ready.status, 200) << "round " << i << ": " << ready.body;
    http::Headers h;
    h.set("Authorization", "Bearer " + a.session);
    EXPECT_EQ(client.get(r.api(), h).status, 200) << "round " << i;
    EXPECT_EQ(client.get("/" + r.path() + "/resolve/main/.gitattributes").status, 200) << "round " << i;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_GE(g.metric("hub_gateway_rate_limit_local_total"), 1) << "limits were counted locally meanwhile";

  redis.start();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(client.get("/readyz").status, 200);
    EXPECT_EQ(client.get(r.api()).status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

}  // namespace
}  // namespace hub
