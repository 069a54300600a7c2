#include "common/http/upstream.hpp"

#include <stdexcept>

namespace hub::http {

Upstream::Upstream(std::string name, std::vector<config::HostPort> addresses)
    : name_(std::move(name)),
      addresses_(std::move(addresses)),
      states_(std::make_unique<std::atomic<int>[]>(addresses_.size())) {
  // Every pick() divides by the count: an upstream needs somewhere to go.
  if (addresses_.empty()) throw std::invalid_argument("upstream " + name_ + " has no address");
  for (std::size_t i = 0; i < addresses_.size(); ++i) {
    states_[i] = static_cast<int>(State::kUnknown);
    keys_.push_back(addresses_[i].str());
  }
}

void Upstream::set_state(std::size_t i, State state) {
  states_[i].store(static_cast<int>(state));
}

Upstream::State Upstream::state(std::size_t i) const {
  return static_cast<State>(states_[i].load());
}

bool Upstream::any_ready() const {
  for (std::size_t i = 0; i < addresses_.size(); ++i) {
    if (state(i) == State::kReady) return true;
  }
  return false;
}

std::size_t Upstream::pick(std::optional<std::size_t> exclude) const {
  const std::size_t n = addresses_.size();
  if (n <= 1) return 0;
  std::size_t start = next_.fetch_add(1, std::memory_order_relaxed);
  // First choice: an address not known to be down; otherwise any address but the excluded one.
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t k = 0; k < n; ++k) {
      std::size_t i = (start + k) % n;
      if (exclude && *exclude == i) continue;
      if (pass == 0 && state(i) == State::kNotReady) continue;
      return i;
    }
  }
  return start % n;
}

}  // namespace hub::http
