#include "services/auth/domain/hashing_gate.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace hub::auth {

TEST(HashingGate, AFewRunAFewWaitAndTheRestAreTurnedAwayAtOnce) {
  HashingGate gate(1, 1);
  auto running = gate.enter();
  ASSERT_TRUE(running);
  std::atomic<bool> waiter_in{false};
  std::thread waiter([&] {
    auto ticket = gate.enter();  // waits for the running one
    waiter_in = ticket.has_value();
  });
  // Once the waiter waits, a third caller is turned away without waiting.
  for (int i = 0; i < 2000 && gate.waiting() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_EQ(gate.waiting(), 1);
  auto third = gate.enter();
  EXPECT_FALSE(third);
  EXPECT_FALSE(waiter_in);
  running.reset();  // the running one leaves: the waiter goes in
  waiter.join();
  EXPECT_TRUE(waiter_in);
  EXPECT_TRUE(gate.enter());  // and everyone has left again
}

}  // namespace hub::auth
