#pragma once
// A plain blocking TCP connection for tests that must control the bytes on the wire (interim
// responses, malformed requests, half-sent bodies).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>

#include "common/config/config.hpp"

namespace hub::test {

class RawConnection {
 public:
  explicit RawConnection(const config::HostPort& address) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(address.port);
    ::inet_pton(AF_INET, address.host.c_str(), &sa.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) throw std::runtime_error("connect failed");
  }
  ~RawConnection() { close(); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void send(const std::string& bytes) {
    std::size_t off = 0;
    while (off < bytes.size()) {
      ssize_t n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error("send failed");
      off += static_cast<std::size_t>(n);
    }
  }

  // Reads until `marker` has arrived (returning everything up to and including it), the peer
  // closes, or `timeout` passes; whatever came after the marker is kept for the next call.
  std::string read_until(const std::string& marker, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      auto pos = pending_.find(marker);
      if (pos != std::string::npos) {
        std::string out = pending_.substr(0, pos + marker.size());
        pending_.erase(0, pos + marker.size());
        return out;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      char buf[65536];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      pending_.append(buf, static_cast<std::size_t>(n));
    }
    std::string out = std::move(pending_);
    pending_.clear();
    return out;
  }

  // Appends what arrives to `into` (whatever read_until kept first); false when nothing came before
  // `deadline` or the peer closed (then peer_closed()).
  bool receive(std::string& into, std::chrono::steady_clock::time_point deadline) {
    if (!pending_.empty()) {
      into += pending_;
      pending_.clear();
      return true;
    }
    if (fd_ < 0 || peer_closed_) return false;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(std::max<long long>(0, left.count()))) <= 0) return false;
    char buf[16384];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
      peer_closed_ = true;
      return false;
    }
    into.append(buf, static_cast<std::size_t>(n));
    return true;
  }
  bool peer_closed() const { return peer_closed_; }
  // Closes our end (a client that goes away).
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // True when the peer has closed the connection (within `timeout`).
  bool closed_by_peer(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
    char buf[4096];
    return ::recv(fd_, buf, sizeof buf, MSG_PEEK) == 0;
  }

 private:
  int fd_ = -1;
  std::string pending_;
  bool peer_closed_ = false;
};

}  // namespace hub::test
