// The gateway's configuration: its defaults, and problems named by the variable to fix.
#include "services/gateway/config.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

namespace hub::gateway {
namespace {

constexpr const char* kSecret = "a-test-secret-that-is-long-enough-0123456789";

config::Source from(std::map<std::string, std::string> values) {
  values.emplace("HUB_INTERNAL_SECRET", kSecret);
  return [values](std::string_view name) -> std::optional<std::string> {
    auto it = values.find(std::string(name));
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

// The message reader.check() throws, or "" when the configuration is good.
std::string problems_of(std::map<std::string, std::string> values) {
  config::Reader reader(from(std::move(values)));
  load_config(reader);
  try {
    reader.check();
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(GatewayConfig, Defaults) {
  config::Reader reader(from({}));
  const GatewayConfig c = load_config(reader);
  EXPECT_NO_THROW(reader.check());
  EXPECT_EQ(c.settings.service, "gateway");
  EXPECT_EQ(c.settings.listen.str(), "127.0.0.1:8080");
  EXPECT_EQ(c.health_interval, std::chrono::seconds(1));
  EXPECT_EQ(c.caller_cache.ttl, std::chrono::seconds(2));
  EXPECT_EQ(c.forwarding.public_proto, "http");
  EXPECT_TRUE(c.forwarding.trusted_proxies.empty());
  EXPECT_TRUE(c.limits_on);
  EXPECT_EQ(c.rate_limit.window, std::chrono::seconds(300));
  EXPECT_EQ(c.rate_limit.api, 1000);
  EXPECT_EQ(c.rate_limit.resolve, 5000);
  EXPECT_EQ(c.rate_limit.write, 200);
  EXPECT_EQ(c.refusal_limit.budget, 300);
  EXPECT_EQ(c.refusal_limit.window, std::chrono::seconds(300));
  ASSERT_EQ(c.peers.size(), 6u);
  const char* services[] = {"auth", "repos", "discussions", "pulls", "bugs", "notifications"};
  for (std::size_t i = 0; i < c.peers.size(); ++i) {
    EXPECT_EQ(c.peers[i].service, services[i]);
    ASSERT_EQ(c.peers[i].addresses.size(), 1u);
    EXPECT_EQ(c.peers[i].addresses[0].str(), "127.0.0.1:" + std::to_string(8081 + i));
  }
}

TEST(GatewayConfig, ReadsEveryVariable) {
  config::Reader reader(from({{"HUB_PUBLIC_URL", "https://hub.example/"},
                              {"HUB_HEALTH_INTERVAL", "200ms"},
                              {"HUB_AUTH_CACHE_TTL", "60s"},
                              {"HUB_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.0/24"},
                              {"HUB_RATE_LIMIT", "0"},
                              {"HUB_RATE_LIMIT_WINDOW", "1m"},
                              {"HUB_RATE_LIMIT_API", "7"},
                              {"HUB_RATE_LIMIT_RESOLVE", "0"},
                              {"HUB_RATE_LIMIT_WRITE", "3"},
                              {"HUB_RATE_LIMIT_REFUSED", "5"},
                              {"HUB_REPOS_URL", "127.0.0.1:9001, http://10.1.2.3:9002/"}}));
  const GatewayConfig c = load_config(reader);
  EXPECT_NO_THROW(reader.check());
  EXPECT_EQ(c.forwarding.public_proto, "https");
  EXPECT_EQ(c.forwarding.trusted_proxies.size(), 2u);
  EXPECT_EQ(c.health_interval, std::chrono::milliseconds(200));
  EXPECT_EQ(c.caller_cache.ttl, std::chrono::seconds(60));
  EXPECT_FALSE(c.limits_on);
  EXPECT_EQ(c.rate_limit.window, std::chrono::seconds(60));
  EXPECT_EQ(c.rate_limit.budget(Bucket::kApi), 7);
  EXPECT_EQ(c.rate_limit.budget(Bucket::kResolve), 0) << "0: that bucket is not limited";
  EXPECT_EQ(c.rate_limit.budget(Bucket::kWrite), 3);
  EXPECT_EQ(c.refusal_limit.budget, 5);
  EXPECT_EQ(c.refusal_limit.window, std::chrono::seconds(60)) << "the refusal budget counts in the same window";
  ASSERT_EQ(c.peers.size(), 6u);
  ASSERT_EQ(c.peers[1].service, "repos");
  ASSERT_EQ(c.peers[1].addresses.size(), 2u);
  EXPECT_EQ(c.peers[1].addresses[0].str(), "127.0.0.1:9001");
  EXPECT_EQ(c.peers[1].addresses[1].str(), "10.1.2.3:9002");
}

TEST(GatewayConfig, AWindowUnderASecondIsAProblem) {
  const std::string problems = problems_of({{"HUB_RATE_LIMIT_WINDOW", "500ms"}});
  EXPECT_NE(problems.find("HUB_RATE_LIMIT_WINDOW: is at least 1s"), std::string::npos) << problems;
  EXPECT_NE(problems_of({{"HUB_RATE_LIMIT_WINDOW", "soon"}}).find("HUB_RATE_LIMIT_WINDOW: must be a duration"),
            std::string::npos);
}

TEST(GatewayConfig, ABadPeerAddressIsAProblemOfItsVariable) {
  const std::string problems = problems_of({{"HUB_BUGS_URL", "nohost"}, {"HUB_PULLS_URL", " , "}});
  EXPECT_NE(problems.find("HUB_BUGS_URL: expected host:port, got 'nohost'"), std::string::npos) << problems;
  EXPECT_NE(problems.find("HUB_PULLS_URL: needs at least one address"), std::string::npos) << problems;
  EXPECT_EQ(problems.find("HUB_REPOS_URL"), std::string::npos) << "the others are fine: " << problems;
}

TEST(GatewayConfig, EveryProblemIsNamedAtOnce) {
  const std::string problems = problems_of({{"HUB_TRUSTED_PROXIES", "10.0.0.0/8, not-a-block"},
                                            {"HUB_RATE_LIMIT", "maybe"},
                                            {"HUB_RATE_LIMIT_REFUSED", "0"},
                                            {"HUB_RATE_LIMIT_API", "-1"},
                                            {"HUB_AUTH_CACHE_TTL", "a while"}});
  for (const char* name :
       {"HUB_TRUSTED_PROXIES: ", "HUB_RATE_LIMIT: must be true or false",
        "HUB_RATE_LIMIT_REFUSED: must be an integer from 1 to", "HUB_RATE_LIMIT_API: must be an integer from 0 to",
        "HUB_AUTH_CACHE_TTL: must be a duration"}) {
    EXPECT_NE(problems.find(name), std::string::npos) << name << " in " << problems;
  }
}

TEST(GatewayConfig, TheCommonSettingsAreCheckedToo) {
  config::Reader reader([](std::string_view) -> std::optional<std::string> { return std::nullopt; });
  load_config(reader);
  try {
    reader.check();
    FAIL() << "the internal secret is required";
  } catch (const config::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("HUB_INTERNAL_SECRET: is required"), std::string::npos) << e.what();
  }
}

// `hub-gateway --print-config` lists what load_config reads: each service's addresses among them.
TEST(GatewayConfig, DescribesEveryVariableItReads) {
  config::Reader reader(config::nothing_set());
  load_config(reader);
  std::vector<std::string> names;
  for (const auto& v : reader.variables())
    names.push_back(v.name);
  for (const char* name : {"HUB_AUTH_URL", "HUB_REPOS_URL", "HUB_DISCUSSIONS_URL", "HUB_PULLS_URL", "HUB_BUGS_URL",
                           "HUB_NOTIFICATIONS_URL", "HUB_TRUSTED_PROXIES", "HUB_RATE_LIMIT", "HUB_LISTEN"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
  EXPECT_EQ(reader.variables().front().name, "HUB_LISTEN");
  EXPECT_EQ(reader.variables().front().fallback, "127.0.0.1:8080");
}

}  // namespace
}  // namespace hub::gateway
