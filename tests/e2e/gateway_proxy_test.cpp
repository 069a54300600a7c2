// What a service sees through the gateway, and what a client sees when a service is down or slow.
#include <gtest/gtest.h>

#include <thread>

#include "common/json/json.hpp"
#include "tests/support/gateway_fixture.hpp"
#include "tests/support/raw_connection.hpp"

namespace hub {
namespace {

json::Document echo(http::Client& client, const std::string& target, http::Headers headers = {}) {
  auto res = client.get(target, std::move(headers));
  EXPECT_EQ(res.status, 200) << res.body;
  return json::parse_object(res.body).value();
}

TEST(GatewayProxy, ClientHubHeadersNeverReachTheService) {
  test::GatewayWithUpstream stack;
  http::Client client(stack.gateway());
  http::Headers h;
  h.add("X-Hub-Identity", "user=admin");
  h.add("X-HUB-ROLE", "admin");
  h.add("x-hub-anything", "1");
  h.add("X-Forwarded-For", "10.1.2.3");
  h.add("X-Custom", "kept");  // (credentials are the gateway's to check: see accounts_test)
  auto seen = echo(client, "/api/models/acme/bert?op=echo", h);
  for (auto& m : seen["headers"].GetObject()) {
    std::string name = m.name.GetString();
    if (name == "x-hub-identity") continue;  // the gateway's own, checked below
    EXPECT_NE(name.rfind("x-hub-", 0), 0u) << "forwarded: " << name;
  }
  std::string identity = seen["headers"]["x-hub-identity"].GetString();
  EXPECT_EQ(identity.rfind("v1;kid=", 0), 0u) << "the gateway signed it: " << identity;
  EXPECT_EQ(identity.find("user=admin"), std::string::npos) << "the client's value is gone";
  EXPECT_EQ(std::string(seen["headers"]["x-forwarded-for"].GetString()), "127.0.0.1");
  EXPECT_EQ(std::string(seen["headers"]["x-custom"].GetString()), "kept");
  EXPECT_EQ(std::string(seen["path"].GetString()), "/api/models/acme/bert");
  EXPECT_EQ(std::string(seen["query"].GetString()), "op=echo");
}

TEST(GatewayProxy, RequestIdGivenToServiceAndClient) {
  test::GatewayWithUpstream stack;
  http::Client client(stack.gateway());
  http::Headers h;
  h.add("X-Request-Id", "chosen-by-client");
  auto res = client.get("/api/models/acme/bert?op=echo", h);
  std::string id(res.headers.get("X-Request-Id"));
  EXPECT_EQ(id.size(), 32u);
  EXPECT_NE(id, "chosen-by-client");
  auto doc = json::parse_object(res.body).value();
  EXPECT_EQ(std::string(doc["headers"]["x-request-id"].GetString()), id);
}

TEST(GatewayProxy, KeepAliveReusesUpstreamConnections) {
  test::GatewayWithUpstream stack;
  http::Client client(stack.gateway());
  for (int i = 0; i < 50; ++i)
    ASSERT_EQ(client.get("/api/models/acme/bert?op=echo").status, 200);
  http::Client up(stack.upstream());
  std::string metrics = up.get("/metrics").body;
  // The upstream's own connection gauge peaked far below one connection per request.
  EXPECT_LE(test::metric_value(metrics, "hub_http_connections_peak"), 4);
}

TEST(GatewayProxy, StoppedUpstreamIs502Json) {
  test::GatewayWithUpstream stack(test::Env{{"HUB_BUGS_URL", "127.0.0.1:1"}});
  http::Client client(stack.gateway());
  auto res = client.get("/api/models/acme/bert/bugs");
  EXPECT_EQ(res.status, 502);
  EXPECT_EQ(res.headers.get("X-Error-Code"), "BadGateway");
  EXPECT_FALSE(res.headers.get("X-Request-Id").empty());
  auto doc = json::parse_object(res.body);
  ASSERT_TRUE(doc);
  EXPECT_EQ(std::string(doc.value()["error"].GetString()), "upstream bugs unavailable");
  // Other services are unaffected.
  EXPECT_EQ(client.get("/api/models/acme/bert?op=echo").status, 200);
}

TEST(GatewayProxy, UpstreamKilledLaterIs502) {
  test::GatewayWithUpstream stack;
  http::Client client(stack.gateway());
  // A path about no repo: the dead upstream is also this gateway's auth.
  ASSERT_EQ(client.get("/api/notifications?op=echo").status, 200);
  stack.upstream_process().signal(SIGKILL);
  stack.upstream_process().wait(std::chrono::seconds(5));
  auto res = client.get("/api/notifications?op=echo");
  EXPECT_EQ(res.status, 502) << "a pooled connection to a dead upstream is not a hang";
}

TEST(GatewayProxy, HangingUpstreamIs504) {
  test::GatewayWithUpstream stack(test::Env{{"HUB_UPSTREAM_TIMEOUT", "1s"}});
  http::Client client(stack.gateway());
  auto res = client.get("/api/models/acme/bert?op=hang");
  EXPECT_EQ(res.status, 504);
  EXPECT_EQ(res.headers.get("X-Error-Code"), "GatewayTimeout");
  EXPECT_TRUE(json::parse_object(res.body));
  std::string metrics = client.get("/metrics").body;
  EXPECT_EQ(test::metric_value(metrics, "hub_upstream_timeouts_total"), 1);
}

TEST(GatewayProxy, IdempotentRequestRetriedOnRefusedConnection) {
  // Two instances of repos, both healthy at first; the health checker then sleeps, so the gateway
  // still believes in the one that is about to die.
  test::GatewayWithUpstream other;
  std::string doomed = other.upstream().str();
  test::TempDir dir;
  test::Process live(test::program("hub-test-upstream"), {}, {{"HUB_LISTEN", "127.0.0.1:0"}}, dir.path() + "/live.log");
  std::string live_address = "127.0.0.1:" + std::to_string(live.wait_for_listen());
  test::GatewayWithUpstream stack(
      test::Env{{"HUB_REPOS_URL", live_address + "," + doomed}, {"HUB_HEALTH_INTERVAL", "1h"}});
  http::Client client(stack.gateway());
  ASSERT_EQ(client.get("/readyz").status, 200);
  other.upstream_process().signal(SIGKILL);
  other.upstream_process().wait(std::chrono::seconds(5));

  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(client.get("/api/models/acme/bert?op=echo").status, 200) << "GET " << i << " was retried elsewhere";
  }
  std::string metrics = client.get("/metrics").body;
  EXPECT_GE(test::metric_value(metrics, "hub_upstream_retries_total"), 1);

  http::ClientRequest post;
  post.method = "POST";
  post.target = "/api/models/acme/bert/settings?op=echo";
  int refused = 0;
  for (int i = 0; i < 6; ++i)
    refused += client.send(post).status == 502;
  EXPECT_GT(refused, 0) << "a POST is never retried: the ones sent to the dead instance fail cleanly";
  EXPECT_LT(refused, 6);
}

TEST(GatewayProxy, UnknownPathIs404JsonFromTheGateway) {
  test::GatewayWithUpstream stack;
  http::Client client(stack.gateway());
  auto res = client.get("/api/no-such-thing");
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.headers.get("X-Error-Code"), "NotFound");
  EXPECT_TRUE(json::parse_object(res.body));
  EXPECT_EQ(stack.upstream_process().log().find("no-such-thing"), std::string::npos);
}

TEST(GatewayProxy, MalformedRequestsGetA4xxAndTheGatewaySurvives) {
  test::GatewayWithUpstream stack;
  {
    test::RawConnection c(stack.gateway());
    c.send("GARBAGE\r\n\r\n");
    EXPECT_NE(c.read_until("}").find("HTTP/1.1 400"), std::string::npos);
  }
  {
    test::RawConnection c(stack.gateway());
    c.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'a') + "\r\n\r\n");
    EXPECT_NE(c.read_until("}").find("HTTP/1.1 431"), std::string::npos);
  }
  {
    test::RawConnection c(stack.gateway());
    c.send("GET /api/models/%zz/b HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_NE(c.read_until("}").find("HTTP/1.1 400"), std::string::npos);
  }
  {
    // A client that stops half-way through a body: the gateway drops it and carries on.
    test::RawConnection c(stack.gateway());
    c.send("PUT /acme/bert.git/info/lfs/x?op=sink HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nabc");
  }
  http::Client client(stack.gateway());
  EXPECT_EQ(client.get("/healthz").status, 200);
}

TEST(GatewayProxy, CorsOnProxiedResponses) {
  test::GatewayWithUpstream stack;
  http::Client client(stack.gateway());
  http::Headers h;
  h.add("Origin", "https://app.example");
  auto res = client.get("/api/models/acme/bert?op=echo", h);
  EXPECT_EQ(res.headers.get("Access-Control-Allow-Origin"), "*");
  EXPECT_NE(res.headers.get("Access-Control-Expose-Headers").find("X-Error-Code"), std::string::npos);
}

}  // namespace
}  // namespace hub
