#pragma once
// Connections to upstreams: fresh ones, and the keep-alive ones each I/O thread keeps for reuse.
#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/config/config.hpp"
#include "common/http/detail/timed_socket.hpp"

namespace hub::http::detail {

// Keep-alive connections to upstreams, one set per I/O thread so no lock is needed: only that
// thread's coroutines touch it.
class UpstreamConnections {
 public:
  UpstreamConnections(std::size_t max_idle_per_key, SocketRegistry& registry)
      : max_idle_(max_idle_per_key), registry_(registry) {}
  // An idle connection that still looks open, or nullptr.
  std::unique_ptr<TimedSocket> take(const std::string& key);
  void give(const std::string& key, std::unique_ptr<TimedSocket> stream);
  SocketRegistry& registry() { return registry_; }

 private:
  struct Idle {
    std::unique_ptr<TimedSocket> stream;
    std::chrono::steady_clock::time_point since;
  };
  std::size_t max_idle_;
  SocketRegistry& registry_;
  std::unordered_map<std::string, std::vector<Idle>> idle_;
};

// A fresh connection to one upstream address (resolving a host name), or nullptr with `ec` set.
net::awaitable<std::unique_ptr<TimedSocket>> connect_upstream(const config::HostPort& address,
                                                              const std::chrono::milliseconds& timeout,
                                                              SocketRegistry& registry, error_code& ec);

}  // namespace hub::http::detail
