#pragma once
// A TCP forwarder on loopback for fault tests: a peer that stalls, or that refuses new connections.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <thread>

#include "tests/support/loopback_listener.hpp"

namespace hub::test {

// Forwards TCP connections on loopback to `target`. While held it takes no bytes from its clients
// (what they send waits in the kernel), so a call through it waits until it is let go; while it
// refuses, each new connection is closed at once (the peer "went away") and those already open
// carry on.
class HeldForwarder {
 public:
  explicit HeldForwarder(std::uint16_t target) : target_(target) {
    listener_ = listen_on_loopback(port_);
    threads_.emplace_back([this] { accept_loop(); });
  }
  ~HeldForwarder() {
    stop_ = true;
    for (auto& t : threads_)
      t.join();
    ::close(listener_);
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // Returns once every connection has seen the change (each re-polls every 50 ms).
  void hold(bool on) {
    held_ = on;
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
  }
  void refuse_new(bool on) { refusing_ = on; }

 private:
  void accept_loop() {
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      if (refusing_) {
        ::close(client);
        continue;
      }
      std::lock_guard lock(mutex_);
      threads_.emplace_back([this, client] { pipe(client); });
    }
  }
  void pipe(int client) {
    const int upstream = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(target_);
    if (::connect(upstream, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
      char buf[16384];
      while (!stop_) {
        pollfd p[2] = {{client, static_cast<short>(held_ ? 0 : POLLIN), 0}, {upstream, POLLIN, 0}};
        if (::poll(p, 2, 50) <= 0) continue;
        if ((p[0].revents & (POLLIN | POLLHUP)) != 0) {
          const ssize_t n = ::read(client, buf, sizeof buf);
          if (n <= 0 || ::send(upstream, buf, static_cast<std::size_t>(n), MSG_NOSIGNAL) != n) break;
        }
        if ((p[1].revents & (POLLIN | POLLHUP)) != 0) {
          const ssize_t n = ::read(upstream, buf, sizeof buf);
          if (n <= 0 || ::send(client, buf, static_cast<std::size_t>(n), MSG_NOSIGNAL) != n) break;
        }
      }
    }
    ::close(upstream);
    ::close(client);
  }

  std::uint16_t target_;
  std::uint16_t port_ = 0;
  int listener_ = -1;
  std::atomic<bool> stop_{false};
  std::atomic<bool> held_{false};
  std::atomic<bool> refusing_{false};
  std::mutex mutex_;
  std::list<std::thread> threads_;
};

}  // namespace hub::test
