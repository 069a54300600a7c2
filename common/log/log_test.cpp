#include "common/log/log.hpp"

#include <gtest/gtest.h>

#include "common/json/json.hpp"

namespace hub::log {
namespace {

TEST(Log, OneJsonObjectPerLine) {
  init("svc", Level::kInfo);
  std::string line = format(Level::kWarn, "it \"broke\"\n", {{"status", 503}, {"path", "/a"}, {"ok", false}});
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "the message's newline is escaped";
  auto doc = json::parse_object(line.substr(0, line.size() - 1));
  ASSERT_TRUE(doc) << doc.error();
  const auto& v = doc.value();
  EXPECT_EQ(std::string(v["level"].GetString()), "warn");
  EXPECT_EQ(std::string(v["service"].GetString()), "svc");
  EXPECT_EQ(std::string(v["msg"].GetString()), "it \"broke\"\n");
  EXPECT_EQ(v["status"].GetInt(), 503);
  EXPECT_FALSE(v["ok"].GetBool());
  EXPECT_TRUE(v.HasMember("ts"));
}

TEST(Log, LevelFilter) {
  init("svc", Level::kWarn);
  EXPECT_FALSE(enabled(Level::kInfo));
  EXPECT_TRUE(enabled(Level::kError));
  init("svc", Level::kInfo);
  EXPECT_EQ(parse_level("debug"), Level::kDebug);
  EXPECT_FALSE(parse_level("verbose"));
}

}  // namespace
}  // namespace hub::log
