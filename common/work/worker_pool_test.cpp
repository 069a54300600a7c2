#include "common/work/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace hub::work {
namespace {

TEST(WorkerPool, RunsJobs) {
  WorkerPool pool(2, 100);
  std::atomic<int> n{0};
  for (int i = 0; i < 50; ++i)
    ASSERT_TRUE(pool.try_submit([&] { ++n; }));
  pool.shutdown();
  EXPECT_EQ(n.load(), 50);
}

TEST(WorkerPool, RefusesWhenQueueFull) {
  WorkerPool pool(1, 2);
  std::promise<void> release;
  auto gate = release.get_future().share();
  ASSERT_TRUE(pool.try_submit([gate] { gate.wait(); }));  // occupies the only thread
  // Give the worker a moment to take the first job off the queue.
  while (pool.queued() != 0)
    std::this_thread::yield();
  EXPECT_TRUE(pool.try_submit([] {}));
  EXPECT_TRUE(pool.try_submit([] {}));
  EXPECT_FALSE(pool.try_submit([] {})) << "the third queued job exceeds the limit";
  release.set_value();
  pool.shutdown();
  EXPECT_FALSE(pool.try_submit([] {})) << "no jobs after shutdown";
}

TEST(WorkerPool, SurvivesThrowingJob) {
  WorkerPool pool(1, 10);
  std::atomic<bool> ran{false};
  pool.try_submit([] { throw std::runtime_error("boom"); });
  pool.try_submit([&] { ran = true; });
  pool.shutdown();
  EXPECT_TRUE(ran);
}

}  // namespace
}  // namespace hub::work
