#pragma once
// Polls until `condition` holds (what is being waited for happens asynchronously: a consumer, a
// relay, a replay loop), every 100 ms for up to `timeout`; the condition's value at the deadline.
#include <chrono>
#include <functional>
#include <thread>

namespace hub::test {

inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return condition();
}

}  // namespace hub::test
