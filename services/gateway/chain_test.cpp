// The chain as build_chain assembles it from the configuration: which filters run, in which order.
#include "services/gateway/chain.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "services/gateway/request_state.hpp"
#include "services/gateway/test_request.hpp"

namespace hub::gateway {
namespace {

struct Built {
  GatewayConfig config;
  Upstreams upstreams;
  std::shared_ptr<CallerCache> callers;
  FilterChain chain;
};

std::unique_ptr<Built> build(std::map<std::string, std::string> values) {
  values.emplace("HUB_INTERNAL_SECRET", "a-test-secret-that-is-long-enough-0123456789");
  config::Reader reader([values](std::string_view name) -> std::optional<std::string> {
    auto it = values.find(std::string(name));
    if (it == values.end()) return std::nullopt;
    return it->second;
  });
  auto built = std::make_unique<Built>();
  built->config = load_config(reader);
  reader.check();
  built->upstreams = make_upstreams(built->config.peers);
  built->callers = std::make_shared<CallerCache>(built->config.caller_cache);
  built->chain = build_chain(built->config,
                             {.upstreams = built->upstreams.by_service,
                              .signer = std::make_shared<const access::Signer>(built->config.settings.internal_secret),
                              .callers = built->callers,
                              .ready =
                                  [] {
                                    return std::pair<bool, std::string>{false, R"({"status":"draining"})"};
                                  },
                              .openapi = "{}"});
  return built;
}

http::Request request(std::string method, std::string path) {
  return testing::request_from("10.0.0.2", std::move(method), std::move(path), "server-chosen");
}

TEST(Chain, WithoutLimitsAnAnonymousRequestIsSignedAndForwarded) {
  auto built = build({{"HUB_RATE_LIMIT", "0"}, {"HUB_PUBLIC_URL", "https://hub.example"}});
  auto r = request("GET", "/api/whoami-v2");
  r.headers.add("X-Hub-Identity", "forged");
  auto action = built->chain.dispatch(r);
  ASSERT_TRUE(std::holds_alternative<http::action::Proxy>(action));
  EXPECT_EQ(std::get<http::action::Proxy>(action).target.upstream->name(), "auth");
  EXPECT_EQ(r.headers.get("X-Hub-Identity").rfind("v1;kid=", 0), 0u) << "the gateway's own signature";
  EXPECT_EQ(r.headers.get("X-Forwarded-Proto"), "https") << "from HUB_PUBLIC_URL";
  EXPECT_EQ(r.headers.get("X-Request-Id"), "server-chosen");
}

TEST(Chain, WithLimitsTheRateLimitIsCountedOffTheIoThread) {
  auto built = build({});
  auto r = request("GET", "/api/whoami-v2");
  auto action = built->chain.dispatch(r);
  EXPECT_FALSE(std::holds_alternative<http::action::Proxy>(action));
  EXPECT_TRUE(std::holds_alternative<http::action::Defer>(action))
      << "the rate limit counts in Redis on the worker pool, then the chain goes on";
}

TEST(Chain, ClientAddressFromATrustedProxyOnly) {
  auto built = build({{"HUB_RATE_LIMIT", "0"}, {"HUB_TRUSTED_PROXIES", "10.0.0.0/8"}});
  auto r = request("GET", "/api/whoami-v2");
  r.headers.add("X-Forwarded-For", "203.0.113.7");
  built->chain.dispatch(r);
  EXPECT_EQ(gateway_state(r).client_address, "203.0.113.7");
}

TEST(Chain, LocalRoutesAnswerBeforeRoutingAndLimits) {
  auto built = build({});
  auto r = request("GET", "/readyz");
  auto action = built->chain.dispatch(r);
  ASSERT_NE(action.reply_response(), nullptr);
  EXPECT_EQ(action.reply_response()->status, 503);
  EXPECT_EQ(action.reply_response()->body, R"({"status":"draining"})");
}

TEST(Chain, PreflightsAnsweredBeforeAuthentication) {
  auto built = build({});
  auto r = request("OPTIONS", "/api/models/acme/private");
  r.headers.add("Origin", "https://app.example");
  r.headers.add("Access-Control-Request-Method", "GET");
  r.headers.add("Authorization", "Bearer not-a-token-of-ours");
  auto action = built->chain.dispatch(r);
  ASSERT_NE(action.reply_response(), nullptr);
  EXPECT_EQ(action.reply_response()->status, 204);
}

TEST(Chain, BadCredentialsEndAtAuthentication) {
  auto built = build({{"HUB_RATE_LIMIT", "0"}});
  auto r = request("GET", "/api/whoami-v2");
  r.headers.add("Authorization", "Basic !!!!");
  auto action = built->chain.dispatch(r);
  ASSERT_NE(action.reply_response(), nullptr);
  EXPECT_EQ(action.reply_response()->status, 401);
}

}  // namespace
}  // namespace hub::gateway
