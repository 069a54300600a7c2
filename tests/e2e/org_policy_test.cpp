// Org security policies, enforced by a gateway that trusts the loopback proxy in front of it (so a
// test can arrive from any address through X-Forwarded-For) and caches nothing (invalidation has
// tests of its own in auth_cache_test): the allowlist binds members on the
// org's repos and endpoints, in IPv4 and IPv6; fine-grained tokens and token lifetimes are required
// when asked; an admin cannot lock themselves out; the operator's command lifts a lockout; bad
// policies are refused and change nothing.
#include <gtest/gtest.h>

#include "common/http/client.hpp"
#include "common/json/json.hpp"
#include "common/util/random.hpp"
#include "tests/support/extra_gateway.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub {
namespace {

class Behind {
 public:
  Behind()
      : gateway_(test::require_env("HUB_TEST_REDIS_URL"),
                 {{"HUB_TRUSTED_PROXIES", "127.0.0.0/8, ::1"}, {"HUB_AUTH_CACHE_TTL", "0ms"}}) {}

  // A request as if from `from`, forwarded by a trusted proxy.
  http::ClientResponse call(const std::string& from, const std::string& method, const std::string& target,
                            const std::string& token = {}, const std::string& body = {}) {
    http::Client client(gateway_.address());
    http::ClientRequest req;
    req.method = method;
    req.target = target;
    req.headers.set("X-Forwarded-For", from);
    if (!token.empty()) req.headers.set("Authorization", "Bearer " + token);
    if (!body.empty()) {
      req.body = body;
      req.headers.set("Content-Type", "application/json");
    }
    return client.send(req);
  }

 private:
  test::ExtraGateway gateway_;
};

constexpr const char* kInside = "203.0.113.50";
constexpr const char* kOutside = "198.51.100.7";

// Reached the service: neither refused by policy nor hidden.
void expect_admitted(const http::ClientResponse& res, const std::string& what) {
  EXPECT_NE(res.status, 403) << what << ": " << res.body;
  EXPECT_NE(res.status, 401) << what << ": " << res.body;
  EXPECT_NE(res.headers.get("X-Error-Code"), "RepoNotFound") << what;
}

void expect_refused(const http::ClientResponse& res, const std::string& why, const std::string& what) {
  EXPECT_EQ(res.status, 403) << what << ": " << res.body;
  EXPECT_NE(res.headers.get("X-Error-Message").find(why), std::string::npos) << what << ": " << res.body;
}

struct Org {
  std::string name;
  test::Account admin, member, outsider;
};

Org make_org() {
  Org o{"pol" + util::random_id().substr(0, 10), test::new_account("pa"), test::new_account("pm"),
        test::new_account("po")};
  EXPECT_EQ(test::via_gateway("POST", "/api/organizations", o.admin.session, R"({"name":")" + o.name + R"("})").status,
            201);
  EXPECT_EQ(test::via_gateway("PUT", "/api/organizations/" + o.name + "/members/" + o.member.name + "/role",
                              o.admin.session, R"({"role":"write"})")
                .status,
            200);
  test::register_repo(o.name, "secret", true, o.admin.id);
  test::register_repo(o.name, "open", false, o.admin.id);
  return o;
}

TEST(OrgPolicy, AllowlistBindsMembersOnTheOrgsRepos) {
  Behind g;
  Org o = make_org();
  const std::string security = "/api/organizations/" + o.name + "/settings/security";
  const std::string secret_repo = "/api/models/" + o.name + "/secret/discussions";
  const std::string open_repo = "/api/models/" + o.name + "/open/discussions";

  auto initial = g.call(kOutside, "GET", security, o.member.session);
  ASSERT_EQ(initial.status, 200) << initial.body;
  EXPECT_EQ(initial.body, R"({"ipAllowlist":[],"requireFineGrainedTokens":false,"maxTokenLifetimeDays":null,)"
                          R"("defaultRepoVisibility":"public"})");
  EXPECT_EQ(g.call(kInside, "PUT", security, o.member.session, R"({"ipAllowlist":["203.0.113.0/24"]})").status, 403)
      << "only admins change the policy";
  EXPECT_EQ(g.call(kOutside, "GET", security, o.outsider.session).status, 403);

  // Saving an allowlist that shuts out the admin's own address is refused, and nothing changes.
  auto lockout = g.call(kInside, "PUT", security, o.admin.session, R"({"ipAllowlist":["198.51.100.0/24"]})");
  EXPECT_EQ(lockout.status, 400);
  EXPECT_NE(lockout.body.find("your own address"), std::string::npos) << lockout.body;
  expect_admitted(g.call(kOutside, "GET", secret_repo, o.member.session), "no allowlist yet");

  auto saved = g.call(kInside, "PUT", security, o.admin.session,
                      R"({"ipAllowlist":["203.0.113.0/24","2001:db8::/32"],"defaultRepoVisibility":"private"})");
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_NE(saved.body.find(R"("defaultRepoVisibility":"private")"), std::string::npos);

  expect_refused(g.call(kOutside, "GET", secret_repo, o.member.session), "allowed networks", "member from outside");
  expect_refused(g.call(kOutside, "GET", open_repo, o.member.session), "allowed networks", "public repo, member");
  expect_refused(g.call(kOutside, "GET", "/api/organizations/" + o.name + "/members", o.member.session),
                 "allowed networks", "org endpoint, member");
  expect_admitted(g.call(kInside, "GET", secret_repo, o.member.session), "member from inside (IPv4)");
  expect_admitted(g.call("2001:db8::5", "GET", secret_repo, o.member.session), "member from inside (IPv6)");
  expect_refused(g.call("2001:db9::5", "GET", secret_repo, o.member.session), "allowed networks", "IPv6 outside");
  // Not a member: the policy is not theirs; what is public stays public, what is private stays hidden.
  expect_admitted(g.call(kOutside, "GET", open_repo, o.outsider.session), "outsider, public repo");
  expect_admitted(g.call(kOutside, "GET", open_repo), "anonymous, public repo");
  EXPECT_EQ(g.call(kOutside, "GET", secret_repo, o.outsider.session).status, 404);
  // A client cannot pick its own address when the hop before the gateway is not trusted.
  http::Client direct(test::stack_gateway());
  http::ClientRequest spoof;
  spoof.method = "GET";
  spoof.target = secret_repo;
  spoof.headers.set("Authorization", "Bearer " + o.member.session);
  spoof.headers.set("X-Forwarded-For", kInside);
  auto spoofed = direct.send(spoof);  // the stack's gateway trusts no proxy: the client is 127.0.0.1
  expect_refused(spoofed, "allowed networks", "X-Forwarded-For from an untrusted peer");

  // The audit log has the change, with what was saved.
  auto log =
      g.call(kInside, "GET", "/api/organizations/" + o.name + "/audit-log?action=org.policy.update", o.admin.session);
  ASSERT_EQ(log.status, 200) << log.body;
  EXPECT_NE(log.body.find("203.0.113.0/24"), std::string::npos) << log.body;
}

TEST(OrgPolicy, TokenRulesAndTheOperatorsWayBackIn) {
  Behind g;
  Org o = make_org();
  const std::string security = "/api/organizations/" + o.name + "/settings/security";
  const std::string repo = "/api/models/" + o.name + "/secret/discussions";
  auto classic = test::new_token(o.member, R"({"displayName":"classic","role":"write"})");
  auto fine_forever = test::new_token(o.member, R"({"displayName":"f","role":"fineGrained","scoped":[{"entity":)"
                                                R"({"type":"org","name":")" +
                                                    o.name + R"("},"permissions":["repo.content.read"]}]})");
  auto fine_short = test::new_token(
      o.member, R"({"displayName":"s","role":"fineGrained","expiresAt":"2099-01-01T00:00:00Z","scoped":[{"entity":)"
                R"({"type":"org","name":")" +
                    o.name + R"("},"permissions":["repo.content.read"]}]})");

  ASSERT_EQ(g.call(kInside, "PUT", security, o.admin.session, R"({"requireFineGrainedTokens":true})").status, 200);
  expect_refused(g.call(kInside, "GET", repo, classic.first), "fine-grained", "classic token");
  expect_admitted(g.call(kInside, "GET", repo, fine_forever.first), "fine-grained token");
  expect_admitted(g.call(kInside, "GET", repo, o.member.session), "login session");
  // The classic token still works outside the org.
  EXPECT_EQ(g.call(kInside, "GET", "/api/whoami-v2", classic.first).status, 200);

  ASSERT_EQ(g.call(kInside, "PUT", security, o.admin.session, R"({"maxTokenLifetimeDays":30})").status, 200);
  expect_refused(g.call(kInside, "GET", repo, fine_forever.first), "expire within 30 days", "never expires");
  expect_refused(g.call(kInside, "GET", repo, fine_short.first), "expire within 30 days", "lives for decades");

  // Bad policies: a clear 400, and the saved policy is unchanged.
  for (const char* bad : {R"({"ipAllowlist":["10.0.0.1/8"]})", R"({"ipAllowlist":["not-an-ip"]})",
                          R"({"maxTokenLifetimeDays":0})", R"({"defaultRepoVisibility":"hidden"})",
                          R"({"requireFineGrainedTokens":"yes"})", R"({"ipAllowlist":"10.0.0.0/8"})", "not json"}) {
    auto res = g.call(kInside, "PUT", security, o.admin.session, bad);
    EXPECT_EQ(res.status, 400) << bad << ": " << res.body;
    EXPECT_FALSE(res.headers.get("X-Error-Message").empty()) << bad;
  }
  auto wrong_type = g.call(kInside, "PUT", security, o.admin.session);  // no body, no content type
  EXPECT_EQ(wrong_type.status / 100, 4);
  auto now = g.call(kInside, "GET", security, o.admin.session);
  EXPECT_EQ(now.body, R"({"ipAllowlist":[],"requireFineGrainedTokens":true,"maxTokenLifetimeDays":30,)"
                      R"("defaultRepoVisibility":"public"})");

  // The admin's network changes after saving the allowlist: everyone is locked out, admins included.
  ASSERT_EQ(g.call(kInside, "PUT", security, o.admin.session, R"({"ipAllowlist":["203.0.113.0/24"]})").status, 200);
  expect_refused(g.call(kOutside, "GET", security, o.admin.session), "allowed networks", "locked-out admin");
  // The operator lifts the access rules from the command line; the gateways hear of it at once.
  test::TempDir dir;
  test::Process lift(test::program("hub-auth"), {"admin", "lift-policy", o.name},
                     {{"HUB_PG_URL", test::hub_db_url()}, {"HUB_REDIS_URL", test::require_env("HUB_TEST_REDIS_URL")}},
                     dir.path() + "/lift.log");
  ASSERT_EQ(lift.wait(std::chrono::seconds(30)).value_or(-1), 0) << lift.log();
  auto after = g.call(kOutside, "GET", security, o.admin.session);
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(after.body, R"({"ipAllowlist":[],"requireFineGrainedTokens":false,"maxTokenLifetimeDays":null,)"
                        R"("defaultRepoVisibility":"public"})");
  expect_admitted(g.call(kOutside, "GET", repo, classic.first), "after the lift");
}

}  // namespace
}  // namespace hub
