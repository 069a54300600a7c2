#include "services/notifications/domain/live_position.hpp"

#include <gtest/gtest.h>

namespace hub::notifications {
namespace {

TEST(LivePosition, ParsesItemNumbersOnly) {
  EXPECT_EQ(parse_last_event_id("0").value(), 0);
  EXPECT_EQ(parse_last_event_id("42").value(), 42);
  EXPECT_EQ(parse_last_event_id("999999999999999999").value(), 999999999999999999);
  for (const char* bad : {"", "-1", "+1", " 1", "1 ", "abc", "1e3", "0x10", "12.5", "9999999999999999999"}) {
    EXPECT_FALSE(parse_last_event_id(bad).ok()) << bad;
  }
  EXPECT_NE(parse_last_event_id("abc").error().find("lastEventId"), std::string::npos);
}

TEST(LivePosition, StartsAfterWhatTheClientSawButNeverBeyondTheNewest) {
  EXPECT_EQ(stream_start(std::nullopt, 17), 17) << "a new stream carries what happens from now on";
  EXPECT_EQ(stream_start(5, 17), 5) << "a resumed one, what it missed";
  EXPECT_EQ(stream_start(17, 17), 17);
  EXPECT_EQ(stream_start(99, 17), 17) << "an id from the future would skip items 18 to 99";
  EXPECT_EQ(stream_start(0, 0), 0);
}

}  // namespace
}  // namespace hub::notifications
