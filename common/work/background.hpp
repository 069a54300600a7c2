#pragma once
// A thread of its own for a loop that runs until the process stops it (an outbox relay, a stream
// consumer, a readiness or health checker), with a sleep that stop() interrupts at once.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace hub::work {

class Background {
 public:
  Background() = default;
  ~Background() { stop(); }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  // Runs `body` once on a new thread; the body loops until stopping().
  void start(std::function<void()> body) { thread_ = std::thread(std::move(body)); }
  // Asks the body to end, wakes it, and waits for it. Idempotent.
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  bool stopping() const { return stopping_.load(); }
  // Ends the body's current sleep_for at once (or its next one, if it is not sleeping now): work
  // arrived, the next round should not wait for its interval. Stopping is unaffected.
  void wake() {
    {
      std::lock_guard lock(mutex_);
      woken_ = true;
    }
    wake_.notify_all();
  }
  // Sleeps for `d` unless stopped or woken first; false when stopping.
  bool sleep_for(std::chrono::milliseconds d) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, d, [this] { return stopping_.load() || woken_; });
    woken_ = false;
    return !stopping_.load();
  }

 private:
  std::atomic<bool> stopping_{false};
  bool woken_ = false;  // under mutex_
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace hub::work
