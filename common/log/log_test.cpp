#include "common/log/log.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <thread>

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

// A request target is the client's bytes: /%ff arrives decoded nowhere, but raw bytes do. A line
// holding them as they came would not be UTF-8, and strict JSON readers drop it.
TEST(Log, BytesThatAreNotUtf8AreEscaped) {
  init("svc", Level::kInfo);
  std::string line = format(Level::kInfo, "request", {{"target", std::string_view("/api/models/a\xff\xc0\xaf/b")}});
  auto doc = json::parse_object(line.substr(0, line.size() - 1));  // the parser validates UTF-8
  ASSERT_TRUE(doc) << doc.error();
  EXPECT_EQ(std::string(doc.value()["target"].GetString()), "/api/models/a\\xff\\xc0\\xaf/b");
}

// UTF-8 text goes through as it is, escapes after it still apply, and bytes that break UTF-8 after
// valid characters are caught wherever they stand.
TEST(Log, Utf8IsKeptAndWhatFollowsItStillEscaped) {
  init("svc", Level::kInfo);
  std::string line = format(Level::kInfo, "request",
                            {{"ok", std::string_view("caf\xc3\xa9 \"q\"\n\xe2\x82\xac")},
                             {"bad", std::string_view("\xc3\xa9 then \xff and \"")}});
  auto doc = json::parse_object(line.substr(0, line.size() - 1));
  ASSERT_TRUE(doc) << doc.error() << " in " << line;
  EXPECT_EQ(std::string(doc.value()["ok"].GetString()), "caf\xc3\xa9 \"q\"\n\xe2\x82\xac");
  EXPECT_EQ(std::string(doc.value()["bad"].GetString()), "\xc3\xa9 then \\xff and \"");
}

TEST(Log, FixedPointNumbersKeepThreeDecimals) {
  init("svc", Level::kInfo);
  std::string line =
      format(Level::kInfo, "request", {{"a", Fixed3{1405}}, {"b", Fixed3{7}}, {"c", Fixed3{-2500}}, {"d", Fixed3{0}}});
  EXPECT_NE(line.find("\"a\":1.405,\"b\":0.007,\"c\":-2.500,\"d\":0.000}"), std::string::npos) << line;
  auto doc = json::parse_object(line.substr(0, line.size() - 1));
  ASSERT_TRUE(doc) << doc.error();
  EXPECT_DOUBLE_EQ(doc.value()["a"].GetDouble(), 1.405);
}

TEST(Log, ControlCharactersNumbersAndKeysComeBackAsWritten) {
  init("s\"vc", Level::kInfo);
  std::string line = format(Level::kInfo, "tab\there",
                            {{"ctl", std::string_view("a\x01\x1f\\b\r")},
                             {"ms", 1.25},
                             {"big", -9007199254740993LL},
                             {"tiny", 1e-7},
                             {"nan", std::nan("")},
                             {"k\"ey", "v"}});
  auto doc = json::parse_object(line.substr(0, line.size() - 1));
  ASSERT_TRUE(doc) << doc.error() << " in " << line;
  const auto& v = doc.value();
  EXPECT_EQ(std::string(v["service"].GetString()), "s\"vc");
  EXPECT_EQ(std::string(v["msg"].GetString()), "tab\there");
  EXPECT_EQ(std::string(v["ctl"].GetString()), std::string("a\x01\x1f\\b\r"));
  EXPECT_DOUBLE_EQ(v["ms"].GetDouble(), 1.25);
  EXPECT_EQ(v["big"].GetInt64(), -9007199254740993LL);
  EXPECT_DOUBLE_EQ(v["tiny"].GetDouble(), 1e-7);
  EXPECT_TRUE(v["nan"].IsNull()) << "JSON has no NaN";
  EXPECT_EQ(std::string(v["k\"ey"].GetString()), "v");
  init("svc", Level::kInfo);
}

TEST(Log, LevelFilter) {
  init("svc", Level::kWarn);
  EXPECT_FALSE(enabled(Level::kInfo));
  EXPECT_TRUE(enabled(Level::kError));
  init("svc", Level::kInfo);
  EXPECT_EQ(parse_level("debug"), Level::kDebug);
  EXPECT_FALSE(parse_level("verbose"));
}

// Standard output redirected to a pipe while it lives, so a test can see what reached it.
class CapturedStdout {
 public:
  CapturedStdout() {
    EXPECT_EQ(::pipe(fds_), 0);
    ::fcntl(fds_[0], F_SETFL, O_NONBLOCK);
    saved_ = ::dup(STDOUT_FILENO);
    ::dup2(fds_[1], STDOUT_FILENO);
  }
  ~CapturedStdout() {
    ::dup2(saved_, STDOUT_FILENO);
    ::close(saved_);
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  std::string take() {
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fds_[0], buf, sizeof buf)) > 0)
      out.append(buf, static_cast<std::size_t>(n));
    return out;
  }

 private:
  int fds_[2] = {-1, -1};
  int saved_ = -1;
};

TEST(Log, CoalescingThreadWritesALoopTurnAtOnceAndWarningsAtOnce) {
  init("svc", Level::kInfo);
  CapturedStdout out;
  std::string seen_first, seen_after_flush, seen_warn, seen_plain;
  int schedules = 0;
  std::thread loop([&] {
    coalesce_on_this_thread([&] { ++schedules; });
    info("one");
    info("two");
    seen_first = out.take();  // nothing yet: the turn is not over
    flush_this_thread();
    seen_after_flush = out.take();
    info("three");
    warn("four");  // written at once, with what was pending, in order
    seen_warn = out.take();
  });
  loop.join();
  info("five");  // a thread that never asked to coalesce writes each line at once
  seen_plain = out.take();
  EXPECT_EQ(seen_first, "");
  EXPECT_EQ(schedules, 2) << "one flush scheduled per turn, not per line";
  EXPECT_NE(seen_after_flush.find("\"msg\":\"one\""), std::string::npos);
  EXPECT_LT(seen_after_flush.find("\"one\""), seen_after_flush.find("\"two\""));
  EXPECT_LT(seen_warn.find("\"three\""), seen_warn.find("\"four\""));
  EXPECT_NE(seen_warn.find("\"three\""), std::string::npos);
  EXPECT_NE(seen_plain.find("\"five\""), std::string::npos);
}

}  // namespace
}  // namespace hub::log
