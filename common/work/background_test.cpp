#include "common/work/background.hpp"

#include <gtest/gtest.h>

#include <atomic>

namespace hub::work {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// wake() cuts a sleep short (work arrived) and leaves the loop running; stop() ends it.
TEST(Background, WakeCutsTheSleepShortAndStopEndsTheLoop) {
  Background loop;
  std::atomic<int> rounds{0};
  loop.start([&] {
    do {
      ++rounds;
    } while (loop.sleep_for(milliseconds(60000)));
  });
  while (rounds.load() < 1)
    std::this_thread::yield();
  const auto start = steady_clock::now();
  loop.wake();
  while (rounds.load() < 2)
    std::this_thread::yield();
  EXPECT_LT(steady_clock::now() - start, milliseconds(10000)) << "not the minute's sleep";
  EXPECT_FALSE(loop.stopping());
  loop.stop();
  EXPECT_TRUE(loop.stopping());
  EXPECT_EQ(rounds.load(), 2);
}

TEST(Background, AWakeBeforeTheSleepIsNotLost) {
  Background loop;
  loop.wake();
  const auto start = steady_clock::now();
  EXPECT_TRUE(loop.sleep_for(milliseconds(60000)));
  EXPECT_LT(steady_clock::now() - start, milliseconds(10000));
  loop.stop();
  EXPECT_FALSE(loop.sleep_for(milliseconds(60000)));
}

}  // namespace
}  // namespace hub::work
