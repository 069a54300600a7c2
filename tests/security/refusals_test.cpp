// Refused requests are rate-limited too: bad tokens and probes for private names cost the client
// address a small budget (HUB_RATE_LIMIT_REFUSED), after which it gets 429 whatever it sends; and
// every routed answer, refusals included, says where the caller stands in RateLimit headers.
#include <gtest/gtest.h>

#include <thread>

#include "common/http/client.hpp"
#include "common/util/random.hpp"
#include "tests/support/extra_gateway.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub {
namespace {

http::ClientResponse from(const test::ExtraGateway& g, const std::string& address, const std::string& target,
                          const std::string& token = {}) {
  http::Client c(g.address());
  http::Headers h;
  h.set("X-Forwarded-For", address);  // as data: the gateway trusts loopback to vouch for it
  if (!token.empty()) h.set("Authorization", "Bearer " + token);
  return c.get(target, h);
}

test::Env limits(const std::string& refused) {
  return {{"HUB_RATE_LIMIT", "1"},
          {"HUB_RATE_LIMIT_REFUSED", refused},
          {"HUB_RATE_LIMIT_WINDOW", "300s"},
          {"HUB_TRUSTED_PROXIES", "127.0.0.0/8"}};
}

TEST(Refusals, GuessingTokensRunsIntoTheBudget) {
  test::ExtraGateway g(test::require_env("HUB_TEST_REDIS_URL"), limits("5"));
  const std::string guesser = "198.18." + std::to_string(util::random_id()[1] % 250) + ".9";
  int answered_401 = 0;
  int first_429 = -1;
  for (int i = 0; i < 12 && first_429 < 0; ++i) {
    auto r = from(g, guesser, "/api/whoami-v2", "hf_guess" + util::random_id());
    if (r.status == 401) {
      ++answered_401;
      EXPECT_NE(r.headers.get("RateLimit").find("\"refused\";r="), std::string::npos) << "a refusal says its budget";
      EXPECT_EQ(r.headers.get("RateLimit-Policy"), R"("refused";q=5;w=300)");
    } else if (r.status == 429) {
      first_429 = i;
      EXPECT_GT(std::stoi(std::string(r.headers.get("Retry-After", "0"))), 0);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the count is kept off the request path
  }
  EXPECT_GE(first_429, 5) << "the budget is 5 refusals";
  EXPECT_LE(first_429, 6) << "one more may pass while the count is kept";
  // Past the budget even a valid token from that address waits; another address does not.
  const test::Account a = test::new_account("rf");
  EXPECT_EQ(from(g, guesser, "/api/whoami-v2", a.session).status, 429);
  EXPECT_EQ(from(g, "198.19.0.1", "/api/whoami-v2", a.session).status, 200);
  EXPECT_GE(g.metric("hub_gateway_refusal_limited_total"), 1);
}

TEST(Refusals, ProbingForPrivateNamesRunsIntoTheBudget) {
  test::ExtraGateway g(test::require_env("HUB_TEST_REDIS_URL"), limits("4"));
  const test::Account owner = test::new_account("po");
  const test::TestRepo hidden = test::new_repo(owner, true);
  const test::Account prober = test::new_account("pp");
  const std::string address = "198.18.200." + std::to_string(util::random_id()[2] % 250);
  int status = 0;
  for (int i = 0; i < 10 && status != 429; ++i) {
    const std::string name = i == 3 ? hidden.path() : owner.name + "/guess" + std::to_string(i);
    for (const std::string& token : {std::string(), prober.session}) {
      auto r = from(g, address, "/api/models/" + name, token);
      status = r.status;
      if (status == 429) break;
      EXPECT_EQ(r.headers.get("X-Error-Code"), "RepoNotFound");
      EXPECT_FALSE(r.headers.get("RateLimit").empty()) << "every routed answer carries RateLimit";
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  EXPECT_EQ(status, 429) << "401s and 404 RepoNotFound both count";
}

// Answers that refuse nothing do not count, and still carry their bucket's headers.
TEST(Refusals, OrdinaryAnswersDoNotCount) {
  test::ExtraGateway g(test::require_env("HUB_TEST_REDIS_URL"), limits("2"));
  const test::Account a = test::new_account("oa");
  const test::TestRepo r = test::new_repo(a, false);
  const std::string address = "198.18.77." + std::to_string(util::random_id()[3] % 250);
  for (int i = 0; i < 6; ++i) {
    auto missing = from(g, address, "/" + r.path() + "/resolve/main/no-such-file.txt");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.headers.get("X-Error-Code"), "EntryNotFound");
    EXPECT_NE(missing.headers.get("RateLimit").find("\"resolve\""), std::string::npos);
  }
  EXPECT_EQ(from(g, address, r.api()).status, 200);
}

}  // namespace
}  // namespace hub
