// Failed logins are limited per account and per client address, counted in Redis so that two auth
// processes (each behind its own gateway here) share the count; the address is the client's as the
// gateway vouches for it, not the gateway's own.
#include <gtest/gtest.h>

#include "common/http/client.hpp"
#include "common/util/random.hpp"
#include "tests/support/extra_gateway.hpp"
#include "tests/support/extra_service.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub {
namespace {

http::ClientResponse login(const test::ExtraGateway& g, const std::string& from, const std::string& user,
                           const std::string& password) {
  http::Client c(g.address());
  http::ClientRequest req;
  req.method = "POST";
  req.target = "/api/login";
  req.body = R"({"username":")" + user + R"(","password":")" + password + R"("})";
  req.headers.set("Content-Type", "application/json");
  req.headers.set("X-Forwarded-For", from);
  return c.send(req);
}

TEST(LoginLimit, FailuresAreCountedPerAccountAndAddressAcrossAuthProcesses) {
  test::ExtraService second("hub-auth");  // a second auth process on the stack's database and Redis
  const std::string redis = test::require_env("HUB_TEST_REDIS_URL");
  const test::Env trusted = {{"HUB_TRUSTED_PROXIES", "127.0.0.0/8"}};
  test::ExtraGateway one(redis, trusted);
  test::Env to_second = trusted;
  to_second["HUB_AUTH_URL"] = second.address();
  test::ExtraGateway two(redis, to_second);

  const test::Account victim = test::new_account("lv");
  const test::Account bystander = test::new_account("lb");
  const std::string net = "203.0." + std::to_string(util::random_id()[0] % 200 + 1) + ".";
  const std::string attacker = net + "66", elsewhere = net + "77";

  // Ten failures, alternating between the two auth processes.
  for (int i = 0; i < 10; ++i) {
    auto res = login(i % 2 ? two : one, attacker, victim.name, "wrong password");
    ASSERT_EQ(res.status, 401) << "failure " << i + 1 << ": " << res.body;
  }
  // The eleventh try waits, even with the right password, on either process.
  for (const auto* g : {&one, &two}) {
    auto blocked = login(*g, attacker, victim.name, "correct horse");
    EXPECT_EQ(blocked.status, 429) << blocked.body;
    const long long retry = std::stoll(std::string(blocked.headers.get("Retry-After", "0")));
    EXPECT_GE(retry, 1);
    EXPECT_LE(retry, 300);
  }
  // The account is held from any address; the address for any account; others go on.
  EXPECT_EQ(login(two, elsewhere, victim.name, "correct horse").status, 429) << "the account's limit";
  EXPECT_EQ(login(one, attacker, bystander.name, "correct horse").status, 429) << "the address's limit";
  EXPECT_EQ(login(two, elsewhere, bystander.name, "correct horse").status, 200) << "neither";
  // The stack's own gateway (its clients are 127.0.0.1) is untouched by that address's failures.
  EXPECT_EQ(test::via_gateway("POST", "/api/login", {},
                              R"({"username":")" + bystander.name + R"(","password":"correct horse"})")
                .status,
            200);
}

}  // namespace
}  // namespace hub
