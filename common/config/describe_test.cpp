// What `--print-config` prints comes from the Reader that read the configuration: every variable
// asked for, once, with its kind and default, and the required ones marked.
#include "common/config/describe.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/json/json.hpp"
#include "common/service/settings.hpp"

namespace hub::config {
namespace {

const Variable* find(const std::vector<Variable>& vars, std::string_view name) {
  auto it = std::find_if(vars.begin(), vars.end(), [&](const Variable& v) { return v.name == name; });
  return it == vars.end() ? nullptr : &*it;
}

TEST(Describe, ReaderRecordsEveryVariableOnceWithItsDefault) {
  Reader r(nothing_set());
  r.string("HUB_S", "text");
  r.required("HUB_R", "needed");
  r.integer("HUB_I", 8, 1, 10);
  r.millis("HUB_D", std::chrono::seconds(30));
  r.millis_list("HUB_DL", "5s,5m");
  r.boolean("HUB_B", false);
  r.list("HUB_L", "a,b");
  r.addresses("HUB_A", "127.0.0.1:8081");
  r.choice("HUB_C", "auto", {"auto", "job"});
  r.string("HUB_S", "asked again");  // a second ask adds nothing
  const auto& vars = r.variables();
  ASSERT_EQ(vars.size(), 9u);
  EXPECT_EQ(vars[0].name, "HUB_S");
  EXPECT_EQ(vars[0].fallback, "text");
  EXPECT_FALSE(vars[0].required);
  EXPECT_TRUE(find(vars, "HUB_R")->required);
  EXPECT_EQ(find(vars, "HUB_I")->fallback, "8");
  EXPECT_EQ(find(vars, "HUB_I")->kind, "integer");
  EXPECT_EQ(find(vars, "HUB_D")->fallback, "30s");
  EXPECT_EQ(find(vars, "HUB_DL")->kind, "durations");
  EXPECT_EQ(find(vars, "HUB_B")->fallback, "false");
  EXPECT_EQ(find(vars, "HUB_L")->fallback, "a,b");
  EXPECT_EQ(find(vars, "HUB_A")->kind, "addresses");
  EXPECT_EQ(find(vars, "HUB_C")->choices, (std::vector<std::string>{"auto", "job"}));
}

TEST(Describe, DurationsAreWrittenInTheirLargestUnit) {
  EXPECT_EQ(format_duration(std::chrono::milliseconds(250)), "250ms");
  EXPECT_EQ(format_duration(std::chrono::seconds(5)), "5s");
  EXPECT_EQ(format_duration(std::chrono::minutes(5)), "5m");
  EXPECT_EQ(format_duration(std::chrono::hours(24)), "1d");
  EXPECT_EQ(format_duration(std::chrono::milliseconds(1500)), "1500ms");
  EXPECT_EQ(format_duration(std::chrono::milliseconds(0)), "0ms");
  // What is written back reads as the same value.
  for (auto ms : {250, 5000, 300000, 86400000, 1500}) {
    EXPECT_EQ(parse_duration(format_duration(std::chrono::milliseconds(ms))), std::chrono::milliseconds(ms));
  }
}

TEST(Describe, PrintsOneJsonObjectALine) {
  Reader r(nothing_set());
  r.string("HUB_S", "say \"hi\"");
  r.required("HUB_R", "needed");
  r.choice("HUB_C", "auto", {"auto", "job"});
  const std::string text = describe(r.variables());
  std::vector<std::string> lines;
  for (std::size_t at = 0, end; (end = text.find('\n', at)) != std::string::npos; at = end + 1)
    lines.push_back(text.substr(at, end - at));
  ASSERT_EQ(lines.size(), 3u);
  auto first = json::parse_object(lines[0]);
  ASSERT_TRUE(first) << lines[0];
  EXPECT_STREQ(first.value()["name"].GetString(), "HUB_S");
  EXPECT_STREQ(first.value()["default"].GetString(), "say \"hi\"");
  EXPECT_FALSE(first.value()["required"].GetBool());
  auto second = json::parse_object(lines[1]);
  ASSERT_TRUE(second) << lines[1];
  EXPECT_TRUE(second.value()["default"].IsNull());
  EXPECT_TRUE(second.value()["required"].GetBool());
  auto third = json::parse_object(lines[2]);
  ASSERT_TRUE(third) << lines[2];
  EXPECT_EQ(third.value()["choices"].Size(), 2u);
}

// The common settings, read from nothing: what every process reads, the secret the one required.
TEST(Describe, CommonSettingsListWhatEveryProcessReads) {
  Reader r(nothing_set());
  service::load_settings("auth", 8081, r);
  const auto& vars = r.variables();
  for (const char* name : {"HUB_LISTEN", "HUB_PUBLIC_URL", "HUB_PG_URL", "HUB_REDIS_URL", "HUB_INTERNAL_SECRET",
                           "HUB_DRAIN_DELAY", "HUB_SHUTDOWN_TIMEOUT", "HUB_MIGRATE", "HUB_DB_POOL_SIZE"}) {
    EXPECT_NE(find(vars, name), nullptr) << name;
  }
  EXPECT_EQ(find(vars, "HUB_LISTEN")->fallback, "127.0.0.1:8081");
  EXPECT_EQ(find(vars, "HUB_DRAIN_DELAY")->fallback, "5s");
  EXPECT_EQ(find(vars, "HUB_SHUTDOWN_TIMEOUT")->fallback, "30s");
  const auto required = std::count_if(vars.begin(), vars.end(), [](const Variable& v) { return v.required; });
  EXPECT_EQ(required, 1);
  EXPECT_TRUE(find(vars, "HUB_INTERNAL_SECRET")->required);
}

}  // namespace
}  // namespace hub::config
