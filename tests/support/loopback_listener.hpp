#pragma once
// A listening TCP socket on 127.0.0.1 at a port the system picks, for servers a test runs in its own
// process (a forwarder, a scripted receiver).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>

namespace hub::test {

// The listening socket; its port in `port`. Close-on-exec: a process the test starts later must not
// inherit the listener and keep it open.
inline int listen_on_loopback(std::uint16_t& port, int backlog = 64) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  EXPECT_EQ(::listen(fd, backlog), 0);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  port = ntohs(a.sin_port);
  return fd;
}

}  // namespace hub::test
