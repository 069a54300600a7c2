#include "services/notifications/domain/readable_cache.hpp"

#include <gtest/gtest.h>

namespace hub::notifications {
namespace {

using namespace std::chrono_literals;

TEST(ReadableCache, AnswersPerUserAndRepoUntilTheyExpire) {
  ReadableCache cache(5s);
  const auto t0 = ReadableCache::Clock::time_point{} + 1h;
  EXPECT_FALSE(cache.get("u1", "r1", t0));
  cache.put("u1", "r1", true, t0);
  cache.put("u1", "r2", false, t0);
  EXPECT_EQ(cache.get("u1", "r1", t0 + 4s), true);
  EXPECT_EQ(cache.get("u1", "r2", t0 + 4s), false);
  EXPECT_FALSE(cache.get("u2", "r1", t0)) << "another user's answer is not this one's";
  EXPECT_FALSE(cache.get("u1", "r1", t0 + 5s)) << "an answer as old as the lifetime is not used";
}

TEST(ReadableCache, ANewerAnswerReplacesTheOldOne) {
  ReadableCache cache(5s);
  const auto t0 = ReadableCache::Clock::time_point{} + 1h;
  cache.put("u1", "r1", true, t0);
  cache.put("u1", "r1", false, t0 + 1s);
  EXPECT_EQ(cache.get("u1", "r1", t0 + 2s), false);
  EXPECT_EQ(cache.get("u1", "r1", t0 + 5500ms), false) << "kept from its own time";
}

TEST(ReadableCache, SweepForgetsExpiredAnswers) {
  ReadableCache cache(5s);
  const auto t0 = ReadableCache::Clock::time_point{} + 1h;
  cache.put("u1", "r1", true, t0);
  cache.put("u1", "r2", true, t0 + 3s);
  cache.sweep(t0 + 6s);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.get("u1", "r2", t0 + 6s), true);
}

TEST(ReadableCache, ALifetimeOfZeroKeepsNothing) {
  ReadableCache cache(0s);
  const auto t0 = ReadableCache::Clock::time_point{} + 1h;
  cache.put("u1", "r1", true, t0);
  EXPECT_FALSE(cache.get("u1", "r1", t0));
}

}  // namespace
}  // namespace hub::notifications
