// The matcher's in-memory handover (app/webhook_context.hpp): ids leave in the order they came, a
// batch at a time, and past the bound the rest are left to the matcher's scan of the table.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "services/notifications/app/webhook_context.hpp"

namespace hub::notifications {
namespace {

TEST(WebhookHandover, IdsLeaveInOrderABatchAtATime) {
  Handover handover;
  EXPECT_TRUE(handover.take(50).empty());
  for (int i = 0; i < 5; ++i)
    handover.add("event-" + std::to_string(i));
  EXPECT_EQ(handover.take(2), (std::vector<std::string>{"event-0", "event-1"}));
  EXPECT_EQ(handover.take(50), (std::vector<std::string>{"event-2", "event-3", "event-4"}));
  EXPECT_TRUE(handover.take(50).empty()) << "taken ids are gone";
}

TEST(WebhookHandover, PastTheBoundIdsAreLeftToTheScan) {
  Handover handover;
  for (std::size_t i = 0; i < Handover::kMaxIds + 10; ++i)
    handover.add(std::to_string(i));
  std::size_t taken = 0;
  for (auto batch = handover.take(1000); !batch.empty(); batch = handover.take(1000))
    taken += batch.size();
  EXPECT_EQ(taken, Handover::kMaxIds) << "memory stays bounded; the table still holds every event";
}

TEST(WebhookHandover, ConsumersAndTheMatcherMayRaceWithoutLosingAnId) {
  Handover handover;
  std::vector<std::thread> consumers;
  for (int t = 0; t < 4; ++t) {
    consumers.emplace_back([&handover, t] {
      for (int i = 0; i < 500; ++i)
        handover.add(std::to_string(t) + ":" + std::to_string(i));
    });
  }
  std::size_t taken = 0;
  for (int pass = 0; pass < 200; ++pass) {  // the matcher takes while the consumers add
    taken += handover.take(50).size();
    std::this_thread::yield();
  }
  for (auto& c : consumers)
    c.join();
  for (auto batch = handover.take(50); !batch.empty(); batch = handover.take(50))
    taken += batch.size();
  EXPECT_EQ(taken, 2000U);
}

}  // namespace
}  // namespace hub::notifications
