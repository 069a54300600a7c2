#pragma once
// Admission to password hashing. A hash costs 64 MiB and tens of milliseconds on purpose, so only a
// few run at once; and a caller waiting for its turn holds one of the service's workers, which
// token introspection (every request the gateway has not cached) needs too. So only a few may wait:
// past that a caller is turned away at once (503, retry), and a burst of sign-ins holds at most
// `running + waiting` workers however large it is.
#include <condition_variable>
#include <mutex>
#include <optional>

namespace hub::auth {

class HashingGate {
 public:
  HashingGate(int running, int waiting) : running_limit_(running), waiting_limit_(waiting) {}

  // Held while hashing; leaving lets the next waiter in.
  class Ticket {
   public:
    explicit Ticket(HashingGate& gate) : gate_(&gate) {}
    Ticket(Ticket&& other) noexcept : gate_(other.gate_) { other.gate_ = nullptr; }
    Ticket& operator=(Ticket&&) = delete;
    Ticket(const Ticket&) = delete;
    ~Ticket() {
      if (gate_ != nullptr) gate_->leave();
    }

   private:
    HashingGate* gate_;
  };

  // A ticket once a slot is free, or nullopt at once when too many callers wait already.
  std::optional<Ticket> enter() {
    std::unique_lock lock(mutex_);
    if (running_ >= running_limit_) {
      if (waiting_ >= waiting_limit_) return std::nullopt;
      ++waiting_;
      free_.wait(lock, [this] { return running_ < running_limit_; });
      --waiting_;
    }
    ++running_;
    return std::optional<Ticket>(std::in_place, *this);
  }

  // Callers waiting for a slot now.
  int waiting() {
    std::lock_guard lock(mutex_);
    return waiting_;
  }

 private:
  void leave() {
    {
      std::lock_guard lock(mutex_);
      --running_;
    }
    free_.notify_one();
  }

  const int running_limit_;
  const int waiting_limit_;
  std::mutex mutex_;
  std::condition_variable free_;
  int running_ = 0;
  int waiting_ = 0;
};

}  // namespace hub::auth
