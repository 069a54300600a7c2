#include "common/work/worker_pool.hpp"

#include "common/log/log.hpp"
#include "common/metrics/metrics.hpp"

namespace hub::work {
namespace {
metrics::Gauge& queue_gauge() {
  static auto& g = metrics::Registry::global().gauge("hub_work_queue_depth", "Jobs waiting for a worker thread");
  return g;
}
metrics::Counter& rejected_counter() {
  static auto& c =
      metrics::Registry::global().counter("hub_work_rejected_total", "Jobs refused because the work queue was full");
  return c;
}
}  // namespace

WorkerPool::WorkerPool(std::size_t threads, std::size_t queue_limit) : queue_limit_(queue_limit) {
  threads_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i)
    threads_.emplace_back([this] { loop(); });
}

WorkerPool::~WorkerPool() {
  shutdown();
}

bool WorkerPool::try_submit(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= queue_limit_) {
      rejected_counter().inc();
      return false;
    }
    queue_.push_back(std::move(job));
    queue_gauge().add(1);
  }
  ready_.notify_one();
  return true;
}

void WorkerPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

std::size_t WorkerPool::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void WorkerPool::loop() {
  while (true) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and nothing left
      job = std::move(queue_.front());
      queue_.pop_front();
      queue_gauge().sub(1);
    }
    try {
      job();
    } catch (const std::exception& e) {
      // Jobs report their own errors; one escaping here is a bug, not a reason to lose the thread.
      log::error("uncaught exception in worker job", {{"error", e.what()}});
    }
  }
}

}  // namespace hub::work
