// Rate limits at the gateway, counted in a Redis of the test's own: two replicas share one budget
// (the 429 comes at the configured count whichever replica is asked), the headers count down, each
// bucket and each caller has its own count, and with Redis stopped each replica limits on its own
// and keeps serving.
#include <gtest/gtest.h>

#include <thread>

#include "common/http/client.hpp"
#include "tests/support/extra_gateway.hpp"
#include "tests/support/servers.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub {
namespace {

test::Env budgets(const std::string& api, const std::string& write) {
  return {{"HUB_RATE_LIMIT", "1"},
          {"HUB_RATE_LIMIT_API", api},
          {"HUB_RATE_LIMIT_WRITE", write},
          {"HUB_RATE_LIMIT_WINDOW", "300s"},
          {"HUB_AUTH_CACHE_TTL", "0ms"}};
}

// The `r=` and `t=` of a RateLimit header, or -1.
long long field(std::string_view header, std::string_view name) {
  const auto at = header.find(std::string(";") + std::string(name) + "=");
  if (at == std::string_view::npos) return -1;
  return std::stoll(std::string(header.substr(at + name.size() + 2)));
}

http::ClientResponse get(const test::ExtraGateway& g, const std::string& target, const std::string& token = {}) {
  http::Client c(g.address());
  http::Headers h;
  if (!token.empty()) h.set("Authorization", "Bearer " + token);
  return c.get(target, h);
}

// One request (of the budget) in a window with at least 10 s left, so a test's counts fall in one
// window: a window about to close is waited out.
void away_from_window_edge(const test::ExtraGateway& g) {
  for (;;) {
    auto probe = get(g, "/api/notifications?probe=1");
    const long long reset = field(probe.headers.get("RateLimit"), "t");
    ASSERT_GE(reset, 0) << "no RateLimit header";
    if (reset >= 10) return;
    std::this_thread::sleep_for(std::chrono::seconds(reset + 1));
  }
}

TEST(RateLimit, TwoReplicasShareOneBudget) {
  test::RedisServer redis;
  test::ExtraGateway a(redis.url(), budgets("8", "3"));
  test::ExtraGateway b(redis.url(), budgets("8", "3"));
  away_from_window_edge(a);  // that probe was one request of this address's budget
  long long last_remaining = 8 - 1;
  for (int i = 1; i < 8; ++i) {
    auto res = get(i % 2 ? b : a, "/api/notifications");
    ASSERT_NE(res.status, 429) << "request " << i + 1 << " of 8";
    const std::string header(res.headers.get("RateLimit"));
    EXPECT_EQ(field(header, "r"), last_remaining - 1) << header;
    last_remaining = field(header, "r");
    EXPECT_EQ(res.headers.get("RateLimit-Policy"), R"("api";q=8;w=300)");
  }
  for (auto* g : {&a, &b}) {
    auto over = get(*g, "/api/notifications");
    EXPECT_EQ(over.status, 429);
    EXPECT_EQ(over.headers.get("X-Error-Code"), "TooManyRequests");
    const long long retry = std::stoll(std::string(over.headers.get("Retry-After", "-1")));
    EXPECT_GT(retry, 0);
    EXPECT_LE(retry, 300);
    EXPECT_EQ(field(over.headers.get("RateLimit"), "r"), 0);
  }
  EXPECT_GE(a.metric("hub_gateway_rate_limited_total"), 1);

  // Another caller (a token, not this address) and another bucket (writes) have budgets of their own.
  const test::Account someone = test::new_account("rl");
  auto own = get(a, "/api/notifications", someone.session);
  EXPECT_NE(own.status, 429);
  EXPECT_EQ(field(own.headers.get("RateLimit"), "r"), 7);
  http::Client c(b.address());
  http::ClientRequest write;
  write.method = "POST";
  write.target = "/api/notifications/read";
  write.body = "{}";
  write.headers.set("Content-Type", "application/json");
  auto w = c.send(write);
  EXPECT_NE(w.status, 429);
  EXPECT_EQ(w.headers.get("RateLimit-Policy"), R"("write";q=3;w=300)");
  // The local answers (health, metrics) are never limited.
  EXPECT_EQ(get(a, "/healthz").status, 200);
}

TEST(RateLimit, WithRedisStoppedEachReplicaLimitsOnItsOwnAndServes) {
  test::RedisServer redis;
  test::ExtraGateway g(redis.url(), budgets("4", "4"));
  away_from_window_edge(g);
  redis.stop();
  // Served while Redis is gone (not a 503), counted by this replica alone from zero.
  for (int i = 0; i < 4; ++i) {
    auto res = get(g, "/api/notifications");
    ASSERT_NE(res.status, 429) << i;
    ASSERT_NE(res.status, 503) << i;
    EXPECT_EQ(field(res.headers.get("RateLimit"), "r"), 3 - i);
  }
  EXPECT_EQ(get(g, "/api/notifications").status, 429);
  EXPECT_GE(g.metric("hub_gateway_rate_limit_local_total"), 4);
}

}  // namespace
}  // namespace hub
