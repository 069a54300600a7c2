#pragma once
// The addresses that serve one upstream service, with the readiness a health checker last saw for
// each. pick() balances over the ready ones; when none is known ready it still picks one, so the
// caller gets a real connection error (502) instead of an invented answer.
#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/config/config.hpp"

namespace hub::http {

class Upstream {
 public:
  enum class State : int { kUnknown = 0, kReady = 1, kNotReady = 2 };

  Upstream(std::string name, std::vector<config::HostPort> addresses);

  const std::string& name() const { return name_; }
  std::size_t size() const { return addresses_.size(); }
  const config::HostPort& address(std::size_t i) const { return addresses_[i]; }
  // "host:port" of address i, made once: it keys the pool of idle connections on every request.
  const std::string& key(std::size_t i) const { return keys_[i]; }

  std::size_t pick(std::optional<std::size_t> exclude = std::nullopt) const;
  void set_state(std::size_t i, State state);
  State state(std::size_t i) const;
  bool any_ready() const;

 private:
  std::string name_;
  std::vector<config::HostPort> addresses_;
  std::vector<std::string> keys_;
  std::unique_ptr<std::atomic<int>[]> states_;
  mutable std::atomic<std::size_t> next_{0};
};

}  // namespace hub::http
