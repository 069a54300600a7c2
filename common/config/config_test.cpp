#include "common/config/config.hpp"

#include <gtest/gtest.h>

#include <map>

#include "common/service/settings.hpp"

namespace hub::config {
namespace {

Source from(std::map<std::string, std::string> values) {
  return [values](std::string_view name) -> std::optional<std::string> {
    auto it = values.find(std::string(name));
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

TEST(Config, DefaultsWhenUnset) {
  Reader r(from({}));
  EXPECT_EQ(r.string("HUB_X", "dflt"), "dflt");
  EXPECT_EQ(r.integer("HUB_N", 4, 1, 10), 4);
  EXPECT_EQ(r.millis("HUB_D", std::chrono::seconds(2)), std::chrono::milliseconds(2000));
  EXPECT_TRUE(r.boolean("HUB_B", true));
  EXPECT_NO_THROW(r.check());
}

TEST(Config, ParsesValues) {
  Reader r(from({{"HUB_N", "7"},
                 {"HUB_D", "250ms"},
                 {"HUB_S", "3s"},
                 {"HUB_M", "2m"},
                 {"HUB_H", "1h"},
                 {"HUB_B", "off"},
                 {"HUB_L", " a, b ,,c "}}));
  EXPECT_EQ(r.integer("HUB_N", 4, 1, 10), 7);
  EXPECT_EQ(r.millis("HUB_D", {}), std::chrono::milliseconds(250));
  EXPECT_EQ(r.millis("HUB_S", {}), std::chrono::milliseconds(3000));
  EXPECT_EQ(r.millis("HUB_M", {}), std::chrono::milliseconds(120000));
  EXPECT_EQ(r.millis("HUB_H", {}), std::chrono::milliseconds(3600000));
  EXPECT_FALSE(r.boolean("HUB_B", true));
  EXPECT_EQ(r.list("HUB_L", ""), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_NO_THROW(r.check());
}

TEST(Config, EveryProblemNamesItsVariable) {
  Reader r(from({{"HUB_N", "eleven"}, {"HUB_D", "soon"}, {"HUB_B", "maybe"}, {"HUB_C", "x"}}));
  r.integer("HUB_N", 4, 1, 10);
  r.millis("HUB_D", {});
  r.boolean("HUB_B", false);
  r.choice("HUB_C", "auto", {"auto", "job"});
  r.required("HUB_SECRET", "signs things");
  try {
    r.check();
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    std::string m = e.what();
    for (const char* name : {"HUB_N", "HUB_D", "HUB_B", "HUB_C", "HUB_SECRET"}) {
      EXPECT_NE(m.find(name), std::string::npos) << name << " missing from: " << m;
    }
    EXPECT_NE(m.find("signs things"), std::string::npos);
  }
}

TEST(Config, DurationLists) {
  Reader r(from({{"HUB_R", "5s, 5m,200ms ,2h"}, {"HUB_BAD", "5s,soon"}, {"HUB_LONG", "8d"}}));
  using std::chrono::milliseconds;
  EXPECT_EQ(r.millis_list("HUB_R", "1s"), (std::vector<milliseconds>{milliseconds(5000), milliseconds(300000),
                                                                     milliseconds(200), milliseconds(7200000)}));
  EXPECT_EQ(r.millis_list("HUB_UNSET", "1s,2s"), (std::vector<milliseconds>{milliseconds(1000), milliseconds(2000)}));
  EXPECT_NO_THROW(r.check());
  EXPECT_TRUE(r.millis_list("HUB_BAD", "1s").empty());
  EXPECT_THROW(r.check(), ConfigError);
  EXPECT_EQ(parse_duration("169h"), std::nullopt) << "at most a week";
  EXPECT_EQ(parse_duration("168h"), milliseconds(7 * 24 * 3600 * 1000LL));
  EXPECT_EQ(parse_duration("99999999999999999999h"), std::nullopt);
  EXPECT_EQ(parse_duration("14d", std::chrono::hours(24 * 30)), milliseconds(14 * 24 * 3600 * 1000LL));
  EXPECT_EQ(parse_duration("14d"), std::nullopt) << "a week unless the setting allows more";
}

TEST(Config, OutOfRangeInteger) {
  Reader r(from({{"HUB_N", "0"}}));
  EXPECT_EQ(r.integer("HUB_N", 4, 1, 10), 4);
  EXPECT_THROW(r.check(), ConfigError);
}

TEST(Config, BlankCountsAsUnset) {
  Reader r(from({{"HUB_X", "  "}}));
  EXPECT_EQ(r.string("HUB_X", "d"), "d");
  r.required("HUB_X", "why");
  EXPECT_THROW(r.check(), ConfigError);
}

TEST(HostPort, Forms) {
  EXPECT_EQ(parse_host_port("127.0.0.1:8080").value().str(), "127.0.0.1:8080");
  EXPECT_EQ(parse_host_port("http://auth:8081/").value().host, "auth");
  EXPECT_EQ(parse_host_port("[::1]:9").value().host, "::1");
  EXPECT_EQ(parse_host_port("[::1]:9").value().str(), "[::1]:9");
  EXPECT_EQ(parse_host_port(":8080").value().host, "127.0.0.1") << "an empty host means loopback";
  EXPECT_FALSE(parse_host_port("nohost"));
  EXPECT_FALSE(parse_host_port("h:99999"));
  EXPECT_FALSE(parse_host_port("h:port"));
  EXPECT_FALSE(parse_host_port("[::1"));
  EXPECT_FALSE(parse_host_port("http://h:80/path"));
}

TEST(Settings, SecretRequiredAndDefaultsLocal) {
  Reader missing(from({}));
  service::load_settings("auth", 8081, missing);
  EXPECT_THROW(missing.check(), ConfigError);

  Reader ok(from({{"HUB_INTERNAL_SECRET", std::string(40, 's')}}));
  auto s = service::load_settings("auth", 8081, ok);
  EXPECT_NO_THROW(ok.check());
  EXPECT_EQ(s.listen.str(), "127.0.0.1:8081");
  EXPECT_EQ(s.public_url, "http://localhost:8080");
  EXPECT_EQ(s.migrate, "auto");
}

TEST(Settings, RejectsShortSecretAndBadUrls) {
  Reader r(from({{"HUB_INTERNAL_SECRET", "short"},
                 {"HUB_PUBLIC_URL", "localhost:8080"},
                 {"HUB_LISTEN", "x"},
                 {"HUB_LOG_LEVEL", "loud"}}));
  service::load_settings("auth", 8081, r);
  try {
    r.check();
    FAIL();
  } catch (const ConfigError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("HUB_INTERNAL_SECRET"), std::string::npos);
    EXPECT_NE(m.find("HUB_PUBLIC_URL"), std::string::npos);
    EXPECT_NE(m.find("HUB_LISTEN"), std::string::npos);
    EXPECT_NE(m.find("HUB_LOG_LEVEL"), std::string::npos);
  }
}

TEST(Settings, SessionUrlDefaultsToThePoolsAndPreparedIsOnOrOff) {
  Reader plain(from({{"HUB_INTERNAL_SECRET", std::string(40, 's')}, {"HUB_PG_URL", "postgresql://hub@db/hub"}}));
  auto s = service::load_settings("auth", 8081, plain);
  EXPECT_NO_THROW(plain.check());
  EXPECT_EQ(s.pg_session_url, "postgresql://hub@db/hub");
  EXPECT_TRUE(s.pg_prepared);

  Reader pooled(from({{"HUB_INTERNAL_SECRET", std::string(40, 's')},
                      {"HUB_PG_URL", "postgresql://hub@bouncer:6432/hub"},
                      {"HUB_PG_SESSION_URL", "postgresql://hub@bouncer:6432/hub_session"},
                      {"HUB_PG_PREPARED", "off"}}));
  s = service::load_settings("auth", 8081, pooled);
  EXPECT_NO_THROW(pooled.check());
  EXPECT_EQ(s.pg_url, "postgresql://hub@bouncer:6432/hub");
  EXPECT_EQ(s.pg_session_url, "postgresql://hub@bouncer:6432/hub_session");
  EXPECT_FALSE(s.pg_prepared);

  // Exactly on or off (the deployment manifests' words): anything else stops the start.
  Reader typo(from({{"HUB_INTERNAL_SECRET", std::string(40, 's')}, {"HUB_PG_PREPARED", "false"}}));
  service::load_settings("auth", 8081, typo);
  try {
    typo.check();
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("HUB_PG_PREPARED"), std::string::npos) << e.what();
  }
}

TEST(Settings, PublicUrlLosesTrailingSlash) {
  Reader r(from({{"HUB_INTERNAL_SECRET", std::string(40, 's')}, {"HUB_PUBLIC_URL", "https://hub.example.com/"}}));
  EXPECT_EQ(service::load_settings("gateway", 8080, r).public_url, "https://hub.example.com");
}

}  // namespace
}  // namespace hub::config
