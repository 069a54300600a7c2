// The gateway's caller cache under change and under faults, with extra gateway processes in front of
// the stack's services: a revocation reaches every replica on the next request, a replica that lost
// its invalidation feed caches nothing, an entry is refreshed behind the request that finds it past
// half its life, a lookup waiting for auth holds no thread, one auth address down is passed over,
// and an unreachable auth is a clean 503 that leaves anonymous traffic alone.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include "common/http/client.hpp"
#include "common/json/json.hpp"
#include "common/util/random.hpp"
#include "tests/support/extra_gateway.hpp"
#include "tests/support/gateway_fixture.hpp"
#include "tests/support/servers.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/tcp_forwarder.hpp"

namespace hub {
namespace {

// A path another service answers with 404 (it has no such endpoint), about no repo: what the gateway
// decides for it is the caller's identity alone (a bad token would be a 401).
constexpr const char* kNoEndpoint = "/api/notifications/no-such-endpoint";

http::Headers bearer(const std::string& token) {
  http::Headers h;
  h.set("Authorization", "Bearer " + token);
  return h;
}

using test::ExtraGateway;
using test::HeldForwarder;

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

TEST(CallerCache, AnEntryPastHalfItsLifeIsRefreshedBehindTheRequest) {
  // A feed of its own: the invalidations other tests cause on the stack would empty its cache.
  test::RedisServer private_redis;
  const auto auth = config::parse_host_port(test::require_env("HUB_TEST_AUTH")).value();
  HeldForwarder to_auth(auth.port);
  ExtraGateway g(private_redis.url(), {{"HUB_AUTH_CACHE_TTL", "2s"}, {"HUB_AUTH_URL", to_auth.address()}});
  ASSERT_TRUE(g.wait_feed(true));
  const std::string token = account_with_token()[1];
  // A route of another service (whoami itself would go to the held auth): the token is checked all
  // the same, and a bad one would be a 401.
  auto notifications = [&] {
    http::Client c(g.address());
    return c.get(kNoEndpoint, bearer(token)).status;
  };
  // Looked up and cached for 2 s (auth, busy with the other tests' password hashing, may answer
  // a first lookup late: a 503 then, and another try).
  int first = 0;
  for (int i = 0; i < 5 && first != 404; ++i)
    first = notifications();
  ASSERT_EQ(first, 404) << g.log();
  const auto cached_at = std::chrono::steady_clock::now();
  const long long lookups = g.metric("hub_gateway_caller_lookups_total");
  std::this_thread::sleep_until(cached_at + std::chrono::milliseconds(1100));
  // Past half its life, with auth not answering: the request is served from the cache at once,
  // while the refresh it started waits for auth.
  to_auth.hold(true);
  const long long hits = g.metric("hub_gateway_caller_cache_hits_total");
  const auto asked = std::chrono::steady_clock::now();
  ASSERT_EQ(notifications(), 404);
  // Waiting for the held auth would take the gateway's 5 s call timeout; the cache answers in
  // milliseconds.
  EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::milliseconds(2500)) << "held back by the refresh";
  EXPECT_EQ(g.metric("hub_gateway_caller_cache_hits_total"), hits + 1);
  long long started = lookups;
  for (int i = 0; i < 80 && started == lookups; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    started = g.metric("hub_gateway_caller_lookups_total");
  }
  EXPECT_EQ(started, lookups + 1) << "the refresh is under way";
  to_auth.hold(false);
  // Past the first answer's lifetime, within the refreshed one's: still served from the cache.
  std::this_thread::sleep_until(cached_at + std::chrono::milliseconds(2300));
  const long long hits_later = g.metric("hub_gateway_caller_cache_hits_total");
  ASSERT_EQ(notifications(), 404);
  EXPECT_EQ(g.metric("hub_gateway_caller_cache_hits_total"), hits_later + 1);
}

TEST(CallerCache, LookupsWaitingForAuthHoldNoThreadAndNoWorker) {
  // One I/O thread, one worker, a queue of one: a lookup that held either would stall the gateway
  // or have the lookups after it refused as busy.
  const auto auth = config::parse_host_port(test::require_env("HUB_TEST_AUTH")).value();
  HeldForwarder to_auth(auth.port);
  ExtraGateway g(
      test::require_env("HUB_TEST_REDIS_URL"),
      {{"HUB_THREADS", "1"}, {"HUB_WORKERS", "1"}, {"HUB_WORK_QUEUE", "1"}, {"HUB_AUTH_URL", to_auth.address()}});
  const std::string token = account_with_token()[1];
  to_auth.hold(true);
  constexpr int kCallers = 6;
  std::array<http::ClientResponse, kCallers> first;
  std::array<int, kCallers> last{};
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] {
      http::Client c(g.address());
      first[i] = c.get(kNoEndpoint, bearer(token));
      last[i] = first[i].status;
      // Auth, busy with the other tests' password hashing, may answer a lookup late: a 503 then.
      for (int retry = 0; retry < 3 && last[i] == 503; ++retry)
        last[i] = c.get(kNoEndpoint, bearer(token)).status;
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // Every lookup waits for auth, and anonymous traffic meanwhile is answered at once.
  const auto asked = std::chrono::steady_clock::now();
  http::Client c(g.address());
  EXPECT_EQ(c.get(kNoEndpoint).status, 404);
  EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::milliseconds(2500));  // not the 5 s timeout
  EXPECT_EQ(g.metric("hub_work_rejected_total"), 0);
  to_auth.hold(false);
  for (auto& t : callers)
    t.join();
  for (int i = 0; i < kCallers; ++i) {
    EXPECT_EQ(first[i].body.find("busy"), std::string::npos) << first[i].body;
    EXPECT_EQ(last[i], 404) << g.log();
  }
}

TEST(CallerCache, ALookupGoesOnToAnotherAuthAddressWhenOneIsDown) {
  const std::string auth = test::require_env("HUB_TEST_AUTH");
  auto gone = std::make_unique<HeldForwarder>(config::parse_host_port(auth).value().port);
  // Health checked once, while both answer: the address about to go stays "ready", so lookups keep
  // picking it first. No feed, so no cache: every request is a lookup.
  ExtraGateway g("redis://127.0.0.1:" + std::to_string(test::free_port()),
                 {{"HUB_AUTH_URL", gone->address() + "," + auth}, {"HUB_HEALTH_INTERVAL", "1h"}});
  const std::string token = account_with_token()[1];
  gone.reset();
  const long long errors = g.metric("hub_upstream_errors_total");
  http::Client c(g.address());
  const auto asked = std::chrono::steady_clock::now();
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(c.get(kNoEndpoint, bearer(token)).status, 404) << g.log();
  EXPECT_GE(g.metric("hub_upstream_errors_total"), errors + 1) << "the address that is down was tried";
  // A refused connection moves on at once (a timeout would take the call's 5 s).
  EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::seconds(4)) << g.log();
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
  auto anonymous = c.get(kNoEndpoint);  // another service, no credentials, about no repo
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
