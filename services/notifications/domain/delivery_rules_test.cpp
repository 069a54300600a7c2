#include "services/notifications/domain/delivery_rules.hpp"

#include <gtest/gtest.h>

#include "common/json/json.hpp"

namespace hub::notifications {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(DeliveryRules, OnlyA2xxIsDelivered) {
  EXPECT_TRUE(delivered(200));
  EXPECT_TRUE(delivered(204));
  EXPECT_TRUE(delivered(299));
  for (int status : {0, 101, 301, 302, 304, 400, 404, 410, 429, 500, 503})
    EXPECT_FALSE(delivered(status)) << status << ": redirects are not followed, and not a success";
}

TEST(DeliveryRules, TheScheduleThenFailed) {
  const std::vector<Millis> schedule = {seconds(5), minutes(5), minutes(30), hours(2), hours(5), hours(10), hours(10)};
  EXPECT_EQ(retry_delay(schedule, 1), seconds(5)) << "after the first failed attempt";
  EXPECT_EQ(retry_delay(schedule, 4), hours(2));
  EXPECT_EQ(retry_delay(schedule, 7), hours(10));
  EXPECT_EQ(retry_delay(schedule, 8), std::nullopt) << "eight attempts in all, then failed";
  EXPECT_EQ(retry_delay(schedule, 0), std::nullopt);
  EXPECT_EQ(retry_delay({milliseconds(200)}, 1), milliseconds(200));
}

TEST(DeliveryRules, TheCapDefersToWhenTheOldestLeavesTheWindow) {
  const TimePoint t0{seconds(1'000'000)};
  const Millis day = hours(24);
  EXPECT_EQ(cap_allows_at(0, std::nullopt, 2, day, t0), std::nullopt);
  EXPECT_EQ(cap_allows_at(1, std::nullopt, 2, day, t0), std::nullopt);
  EXPECT_EQ(cap_allows_at(2, t0, 2, day, t0 + seconds(9)), t0 + day) << "when the oldest leaves the window";
  EXPECT_EQ(cap_allows_at(2, t0 - day - seconds(1), 2, day, t0), t0) << "never in the past";
  EXPECT_EQ(cap_allows_at(2, std::nullopt, 2, day, t0), t0 + seconds(1)) << "full, the oldest just gone: soon";
}

TEST(DeliveryRules, TheCapCountsInMinutesOfADay) {
  EXPECT_EQ(cap_bucket_ms(hours(24)), minutes(1));
  EXPECT_EQ(cap_bucket_ms(seconds(5)), milliseconds(3));
  EXPECT_EQ(cap_bucket_ms(milliseconds(100)), milliseconds(1)) << "never zero";
}

TEST(DeliveryRules, DisabledAfterLongEnoughFailing) {
  const TimePoint since{seconds(1'000'000)};
  const Millis five_days = hours(24 * 5);
  EXPECT_FALSE(should_disable(since, since + hours(24 * 5 - 1), five_days));
  EXPECT_TRUE(should_disable(since, since + five_days, five_days));
}

TEST(DeliveryRules, TheSecretNeverReachesTheLog) {
  http::Headers h;
  h.set("Content-Type", "application/json");
  h.set("webhook-id", "d1");
  h.set("x-webhook-secret", "hunter2");
  const std::string logged = redacted_headers_json(h);
  EXPECT_EQ(logged.find("hunter2"), std::string::npos) << logged;
  auto doc = json::parse_object(logged);
  ASSERT_TRUE(doc);
  EXPECT_EQ(std::string(doc.value()["x-webhook-secret"].GetString()), kRedacted);
  EXPECT_EQ(std::string(doc.value()["webhook-id"].GetString()), "d1");
}

TEST(DeliveryRules, ResponseBodiesKeptAsText) {
  EXPECT_EQ(loggable_text("ok"), "ok");
  EXPECT_EQ(loggable_text(std::string(2000, 'a')).size(), 1024u);
  EXPECT_EQ(loggable_text(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(loggable_text("\xff"), "\\xff");
  const std::string e_acute = "\xc3\xa9";  // é: never cut in half
  EXPECT_EQ(loggable_text(std::string(1023, 'a') + e_acute), std::string(1023, 'a'));
}

}  // namespace
}  // namespace hub::notifications
