// The gateway's caller cache under change and under faults, with extra gateway processes in front of
// the stack's services: a revocation reaches every replica on the next request, a replica that lost
// its invalidation feed caches nothing, and an unreachable auth is a clean 503 that leaves anonymous
// traffic alone.
#include <gtest/gtest.h>

#include <array>
#include <fstream>
#include <thread>

#include "common/http/client.hpp"
#include "common/json/json.hpp"
#include "common/util/random.hpp"
#include "tests/support/extra_gateway.hpp"
#include "tests/support/gateway_fixture.hpp"
#include "tests/support/servers.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub {
namespace {

http::Headers bearer(const std::string& token) {
  http::Headers h;
  h.set("Authorization", "Bearer " + token);
  return h;
}

using test::ExtraGateway;

http::ClientResponse post(const config::HostPort& at, const std::string& target, const std::string& body,
                          const std::string& token = {}) {
  http::Client c(at);
  http::ClientRequest req;
  req.method = "POST";
  req.target = target;
  req.body = body;
  req.headers.set("Content-Type", "application/json");
  if (!token.empty()) req.headers.set("Authorization", "Bearer " + token);
  return c.send(req);
}

// A fresh account's session and a new read token: {session, token secret, token id}.
std::array<std::string, 3> account_with_token() {
  const auto gw = test::stack_gateway();
  const std::string name = "c" + util::random_id().substr(0, 12);
  EXPECT_EQ(post(gw, "/api/signup",
                 R"({"username":")" + name + R"(","email":")" + name + R"(@example.com","password":"correct horse"})")
                .status,
            201);
  auto login = post(gw, "/api/login", R"({"username":")" + name + R"(","password":"correct horse"})");
  auto session = std::string(json::parse_object(login.body).value()["token"].GetString());
  auto made = post(gw, "/api/settings/tokens", R"({"displayName":"t","role":"read"})", session);
  auto doc = json::parse_object(made.body).value();
  return {session, doc["token"].GetString(), doc["id"].GetString()};
}

TEST(CallerCache, RevocationReachesEveryReplicaOnTheNextRequest) {
  const std::string redis = test::require_env("HUB_TEST_REDIS_URL");
  ExtraGateway a(redis);
  ExtraGateway b(redis);
  ASSERT_TRUE(a.wait_feed(true));
  ASSERT_TRUE(b.wait_feed(true));
  auto [session, token, id] = account_with_token();
  for (auto* g : {&a, &b}) {
    ASSERT_EQ(g->whoami(token), 200);
    const long long hits = g->metric("hub_gateway_caller_cache_hits_total");
    ASSERT_EQ(g->whoami(token), 200);
    EXPECT_EQ(g->metric("hub_gateway_caller_cache_hits_total"), hits + 1);  // served from the cache
  }
  http::Client c(a.address());
  http::ClientRequest del;
  del.method = "DELETE";
  del.target = "/api/settings/tokens/" + id;
  del.headers.set("Authorization", "Bearer " + session);
  ASSERT_EQ(c.send(del).status, 204);
  // The publish happens after the commit, before the answer; delivery to a subscriber is a moment
  // later, so "the next request" is the next one after that moment.
  int status_b = 0;
  for (int i = 0; i < 20 && status_b != 401; ++i) {
    status_b = b.whoami(token);
    if (status_b != 401) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(status_b, 401);
  EXPECT_EQ(a.whoami(token), 401);
}

TEST(CallerCache, AReplicaWithoutItsFeedServesNoStaleDecision) {
  test::RedisServer private_redis;  // this gateway's feed only; auth publishes elsewhere
  ExtraGateway g(private_redis.url());
  ASSERT_TRUE(g.wait_feed(true));
  auto [session, token, id] = account_with_token();
  ASSERT_EQ(g.whoami(token), 200);
  ASSERT_EQ(g.whoami(token), 200);  // cached now

  private_redis.stop();
  ASSERT_TRUE(g.wait_feed(false));
  auto report = post(test::stack_gateway(), "/api/credentials/revoke", R"({"credentials":[")" + token + R"("]})");
  ASSERT_EQ(report.status, 202);
  EXPECT_EQ(g.whoami(token), 401);  // asked auth, since nothing is cached without the feed

  private_redis.start();
  EXPECT_TRUE(g.wait_feed(true));
  EXPECT_EQ(g.whoami(token), 401);
}

TEST(CallerCache, AuthUnreachableIsA503AndAnonymousTrafficGoesOn) {
  const std::string redis = test::require_env("HUB_TEST_REDIS_URL");
  ExtraGateway g(redis, {{"HUB_AUTH_URL", "127.0.0.1:" + std::to_string(test::free_port())}});
  auto res = [&] {
    http::Client c(g.address());
    return c.get("/api/whoami-v2", bearer("hf_" + std::string(34, 'q')));
  }();
  EXPECT_EQ(res.status, 503) << res.body;
  EXPECT_EQ(res.headers.get("X-Error-Code"), "ServiceUnavailable");
  EXPECT_TRUE(json::parse_object(res.body));
  http::Client c(g.address());
  auto anonymous = c.get("/api/notifications");  // another service, no credentials, about no repo
  EXPECT_EQ(anonymous.status, 404) << anonymous.body;
  // A repo path needs auth's word even for an anonymous caller (the repo may be private): without
  // auth it is a clean 503, never a guess in either direction.
  auto repo = c.get("/api/models/acme/bert/discussions");
  EXPECT_EQ(repo.status, 503) << repo.body;
  EXPECT_EQ(repo.headers.get("X-Error-Code"), "ServiceUnavailable");
  EXPECT_EQ(c.get("/healthz").status, 200);
}

}  // namespace
}  // namespace hub
