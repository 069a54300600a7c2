#pragma once
// A fixed set of threads for blocking work (database, Redis, disk, handlers), so I/O threads never
// block. The queue is bounded: when it is full, try_submit() refuses and the caller answers 503 with
// Retry-After instead of letting latency grow without limit.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace hub::work {

class WorkerPool {
 public:
  WorkerPool(std::size_t threads, std::size_t queue_limit);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False when the queue is full or the pool is shutting down; the job is then not run.
  bool try_submit(std::function<void()> job);
  // Runs what is queued, then joins the threads. Idempotent.
  void shutdown();

  std::size_t queued() const;
  std::size_t threads() const { return threads_.size(); }

 private:
  void loop();

  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  std::size_t queue_limit_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace hub::work
