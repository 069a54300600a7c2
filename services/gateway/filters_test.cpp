#include <gtest/gtest.h>

#include "services/gateway/caller_cache.hpp"
#include "services/gateway/filter_chain.hpp"
#include "services/gateway/filters/authenticate_filter.hpp"
#include "services/gateway/filters/cors_filter.hpp"
#include "services/gateway/filters/forward_filter.hpp"
#include "services/gateway/filters/forwarding_headers_filter.hpp"
#include "services/gateway/filters/identity_filter.hpp"
#include "services/gateway/filters/local_routes_filter.hpp"
#include "services/gateway/filters/request_id_filter.hpp"
#include "services/gateway/filters/route_filter.hpp"
#include "services/gateway/request_state.hpp"
#include "services/gateway/test_request.hpp"

namespace hub::gateway {
namespace {

UpstreamMap upstreams() {
  UpstreamMap out;
  for (auto s : routed_services()) {
    out.emplace(std::string(s),
                std::make_shared<http::Upstream>(std::string(s), std::vector<config::HostPort>{{"127.0.0.1", 1}}));
  }
  return out;
}

FilterChain chain(std::vector<net::Cidr> trusted = {}) {
  FilterChain c;
  c.add(std::make_unique<RequestIdFilter>());
  c.add(std::make_unique<ForwardingHeadersFilter>(ForwardingHeadersConfig{"https", std::move(trusted)}));
  c.add(std::make_unique<CorsFilter>());
  c.add(std::make_unique<LocalRoutesFilter>(
      [] {
        return std::pair<bool, std::string>{true, "{}"};
      },
      "{\"openapi\":\"3.1.0\"}"));
  c.add(std::make_unique<RouteFilter>(upstreams()));
  c.add(std::make_unique<IdentityFilter>(
      std::make_shared<const access::Signer>("a-test-secret-that-is-long-enough-0123456789")));
  c.add(std::make_unique<ForwardFilter>());
  return c;
}

http::Request request(std::string method, std::string path) {
  return testing::request_from("127.0.0.9", std::move(method), std::move(path), "client-chosen");
}

TEST(Filters, ClientIdentityHeadersNeverForwarded) {
  auto c = chain();
  auto r = request("GET", "/api/models/acme/bert");
  r.headers.add("X-Hub-Identity", "forged");
  r.headers.add("x-hub-role", "admin");
  r.headers.add("X-Forwarded-For", "10.0.0.1");
  r.headers.add("Authorization", "Bearer hf_x");
  auto action = c.dispatch(r);
  ASSERT_TRUE(std::holds_alternative<http::action::Proxy>(action));
  EXPECT_EQ(std::get<http::action::Proxy>(action).target.upstream->name(), "repos");
  EXPECT_NE(r.headers.get("X-Hub-Identity"), "forged") << "only the gateway's own signed identity";
  EXPECT_EQ(r.headers.get("X-Hub-Identity").rfind("v1;kid=", 0), 0u);
  EXPECT_FALSE(r.headers.has("X-Hub-Role"));
  EXPECT_EQ(r.headers.get("X-Forwarded-For"), "127.0.0.9");
  EXPECT_EQ(r.headers.get("X-Forwarded-Proto"), "https");
  EXPECT_FALSE(r.headers.has("Authorization")) << "the secret stops at the gateway";
}

TEST(Filters, ForwardedForTakenOnlyFromATrustedProxy) {
  auto c = chain({net::parse_cidr("127.0.0.0/8").value()});
  auto r = request("GET", "/api/models");
  r.headers.add("X-Forwarded-For", "198.51.100.1, 203.0.113.7");
  c.dispatch(r);
  EXPECT_EQ(gateway_state(r).client_address, "203.0.113.7");
  EXPECT_EQ(r.headers.get("X-Forwarded-For"), "203.0.113.7");
  auto untrusted = chain({net::parse_cidr("10.0.0.0/8").value()});
  auto u = request("GET", "/api/models");
  u.headers.add("X-Forwarded-For", "203.0.113.7");
  untrusted.dispatch(u);
  EXPECT_EQ(gateway_state(u).client_address, "127.0.0.9");
}

TEST(Filters, RouteScopeNamesTheRepoOrOrg) {
  auto c = chain();
  struct Case {
    const char* path;
    RouteScope scope;
    const char* a;
    const char* b;
  };
  for (const Case& k : {Case{"/api/models/acme/bert/discussions/3", RouteScope::kRepo, "acme", "bert"},
                        Case{"/datasets/acme/squad.git/info/refs", RouteScope::kRepo, "acme", "squad"},
                        Case{"/acme/b%2Dx/resolve/main/config.json", RouteScope::kRepo, "acme", "b-x"},
                        Case{"/api/organizations/acme/members", RouteScope::kOrg, "acme", ""},
                        Case{"/api/whoami-v2", RouteScope::kNone, "", ""}}) {
    auto r = request("GET", k.path);
    c.dispatch(r);
    const RouteTarget* t = route_target(r);
    ASSERT_NE(t, nullptr) << k.path;
    EXPECT_EQ(t->scope, k.scope) << k.path;
    if (k.scope == RouteScope::kRepo) {
      EXPECT_EQ(r.param("namespace"), k.a);
      EXPECT_EQ(r.param("name"), k.b);
    } else if (k.scope == RouteScope::kOrg) {
      EXPECT_EQ(r.param("org"), k.a);
    }
  }
}

TEST(Filters, FreshRequestIdEveryTime) {
  auto c = chain();
  auto r = request("GET", "/api/models/acme/bert");
  r.headers.add("X-Request-Id", "client-chosen");
  c.dispatch(r);
  EXPECT_NE(r.ctx.request_id, "client-chosen");
  EXPECT_EQ(r.headers.get("X-Request-Id"), r.ctx.request_id);
  EXPECT_EQ(r.ctx.request_id.size(), 32u);
}

TEST(Filters, LocalRoutes) {
  auto c = chain();
  auto r = request("GET", "/openapi.json");
  auto a = c.dispatch(r);
  ASSERT_NE(a.reply_response(), nullptr);
  EXPECT_EQ(a.reply_response()->status, 200);
  EXPECT_EQ(a.reply_response()->body, "{\"openapi\":\"3.1.0\"}");
  auto p = request("POST", "/healthz");
  EXPECT_EQ(c.dispatch(p).reply_response()->status, 405);
}

TEST(Filters, UnknownRouteIs404Json) {
  auto c = chain();
  auto r = request("GET", "/api/nothing-here");
  auto a = c.dispatch(r);
  ASSERT_NE(a.reply_response(), nullptr);
  EXPECT_EQ(a.reply_response()->status, 404);
  EXPECT_EQ(a.reply_response()->headers.get("X-Error-Code"), "NotFound");
  EXPECT_EQ(a.reply_response()->headers.get("Content-Type"), "application/json");
}

TEST(Filters, CorsPreflightAndExposedHeaders) {
  auto c = chain();
  auto r = request("OPTIONS", "/api/models/acme/bert");
  r.headers.add("Origin", "https://app.example");
  r.headers.add("Access-Control-Request-Method", "POST");
  auto a = c.dispatch(r);
  ASSERT_NE(a.reply_response(), nullptr);
  EXPECT_EQ(a.reply_response()->status, 204);
  http::Headers h;
  c.finish(r, h, 204);
  EXPECT_EQ(h.get("Access-Control-Allow-Origin"), "*");
  for (auto name : {"X-Repo-Commit", "X-Request-Id", "X-Error-Code", "X-Error-Message", "X-Total-Count", "ETag", "Link",
                    "Accept-Ranges", "Content-Range"}) {
    EXPECT_NE(h.get("Access-Control-Expose-Headers").find(name), std::string::npos) << name;
  }
}

TEST(Filters, NoCorsHeadersWithoutOrigin) {
  auto c = chain();
  auto r = request("GET", "/api/models");
  c.dispatch(r);
  http::Headers h;
  c.finish(r, h, 200);
  EXPECT_FALSE(h.has("Access-Control-Allow-Origin"));
}

TEST(Upstream, PickSkipsNotReadyAndExcluded) {
  http::Upstream u("repos", {{"127.0.0.1", 1}, {"127.0.0.1", 2}, {"127.0.0.1", 3}});
  u.set_state(1, http::Upstream::State::kNotReady);
  for (int i = 0; i < 20; ++i) {
    auto p = u.pick(std::size_t{0});
    EXPECT_EQ(p, 2u);
  }
  u.set_state(0, http::Upstream::State::kNotReady);
  u.set_state(2, http::Upstream::State::kNotReady);
  EXPECT_LT(u.pick(), 3u) << "with none ready it still picks, so the caller gets a real error";
  EXPECT_FALSE(u.any_ready());
}

}  // namespace
}  // namespace hub::gateway

namespace hub::gateway {
namespace {

TEST(Upstream, NeedsAnAddress) {
  EXPECT_THROW(http::Upstream("repos", {}), std::invalid_argument);
}

// The caller who created, moved or deleted a repo, or changed its visibility, meets the new decision
// on the next request: what was cached for them goes before the answer leaves (auth's invalidation
// feed reaches every replica only a moment later).
TEST(Filters, ARepoRegistryChangeForgetsTheCallersCachedDecisions) {
  auto cache = std::make_shared<CallerCache>(CallerCacheConfig{std::chrono::seconds(60)});
  cache->set_enabled(true);
  auto all = upstreams();
  RouteFilter routes(all);
  AuthenticateFilter authenticate(
      all.at("auth"), std::make_shared<const access::Signer>("a-test-secret-that-is-long-enough-0123456789"), cache);
  Caller alice;
  alice.valid = true;
  alice.identity.user_id = "u1";
  const auto answered = [&](std::string method, std::string path, int status) {
    cache->put("alice-key", alice);
    auto r = request(std::move(method), std::move(path));
    routes.on_request(r);
    r.ctx.identity = alice.identity;
    http::Headers headers;
    authenticate.on_response(r, headers, status);
    return !cache->get("alice-key").has_value();
  };
  EXPECT_TRUE(answered("POST", "/api/repos/create", 200));
  EXPECT_TRUE(answered("POST", "/api/repos/move", 200));
  EXPECT_TRUE(answered("DELETE", "/api/repos/delete", 200));
  EXPECT_TRUE(answered("PUT", "/api/models/acme/bert/settings", 200));
  EXPECT_FALSE(answered("POST", "/api/repos/create", 409)) << "a refused change changes nothing";
  EXPECT_FALSE(answered("POST", "/api/models/acme/bert/commit/main", 200)) << "a commit changes no decision";
}

}  // namespace
}  // namespace hub::gateway
