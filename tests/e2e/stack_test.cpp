// The whole stack as `./hub test` started it: seven processes behind one gateway.
#include <gtest/gtest.h>

#include "common/http/client.hpp"
#include "common/json/json.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/test_env.hpp"

namespace hub {
namespace {

TEST(Stack, EveryServiceReadyBehindTheGateway) {
  http::Client client(test::stack_gateway());
  auto res = client.get("/readyz");
  ASSERT_EQ(res.status, 200) << res.body;
  auto doc = json::parse_object(res.body).value();
  for (const char* svc : {"auth", "repos", "discussions", "pulls", "bugs", "notifications"}) {
    EXPECT_EQ(std::string(doc["upstreams"][svc].GetString()), "ready") << svc;
  }
}

TEST(Stack, OpenApiDocumentServed) {
  http::Client client(test::stack_gateway());
  auto res = client.get("/openapi.json");
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(res.headers.get("Content-Type"), "application/json");
  auto doc = json::parse_object(res.body, json::ParseLimits{8 << 20, 256});
  ASSERT_TRUE(doc) << doc.error();
  EXPECT_EQ(std::string(doc.value()["openapi"].GetString()), "3.1.0");
  for (const char* path : {"/healthz",
                           "/readyz",
                           "/metrics",
                           "/openapi.json",
                           "/api/signup",
                           "/api/login",
                           "/api/logout",
                           "/api/whoami-v2",
                           "/api/settings/tokens",
                           "/api/settings/tokens/{id}",
                           "/api/credentials/revoke",
                           "/api/organizations",
                           "/api/organizations/{org}",
                           "/api/organizations/{org}/members",
                           "/api/organizations/{org}/members/{user}/role",
                           "/api/organizations/{org}/members/{user}",
                           "/api/organizations/{org}/resource-groups",
                           "/api/organizations/{org}/resource-groups/{id}/users",
                           "/api/organizations/{org}/resource-groups/{id}/repos",
                           "/api/organizations/{org}/audit-log",
                           "/api/organizations/{org}/settings/security"}) {
    EXPECT_TRUE(doc.value()["paths"].HasMember(path)) << path;
  }
}

TEST(Stack, ServiceWithoutTheFeatureAnswers404ThroughTheGateway) {
  http::Client client(test::stack_gateway());
  const test::Account owner = test::new_account("st");
  test::register_repo(owner.name, "bert", false, owner.id);  // public: anyone's request reaches the service
  const std::string repo = "/api/models/" + owner.name + "/bert";
  for (const std::string& path : {repo + "/bugs/1", repo + "/discussions/1/reviews"}) {
    auto res = client.get(path);
    EXPECT_EQ(res.status, 404) << path;
    EXPECT_EQ(res.headers.get("X-Error-Code"), "NotFound") << path;
    EXPECT_TRUE(json::parse_object(res.body)) << path;
    EXPECT_EQ(res.headers.get("X-Request-Id").size(), 32u) << path;
  }
}

TEST(Stack, GatewayMetricsCountRoutes) {
  http::Client client(test::stack_gateway());
  client.get("/healthz");
  auto res = client.get("/metrics");
  ASSERT_EQ(res.status, 200);
  EXPECT_NE(res.body.find("hub_http_requests_total{route=\"/healthz\",code=\"2xx\"}"), std::string::npos);
  EXPECT_NE(res.body.find("# TYPE hub_http_request_duration_seconds histogram"), std::string::npos);
  EXPECT_NE(res.body.find("hub_http_body_buffer_bytes"), std::string::npos);
}

}  // namespace
}  // namespace hub
