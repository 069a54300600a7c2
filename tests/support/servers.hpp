#pragma once
// Private Redis and PostgreSQL servers for fault tests: a test may stop and restart them without
// disturbing the servers every other test shares. Each listens on loopback only, on a free port,
// with its data in a temporary folder, and is stopped by its pid.
#include <memory>
#include <string>

#include "tests/support/process.hpp"

namespace hub::test {

std::uint16_t free_port();
// Whether something accepts a TCP connection on 127.0.0.1:port now (a server started by a test
// listening yet).
bool loopback_accepts(std::uint16_t port);

class RedisServer {
 public:
  RedisServer();
  ~RedisServer();
  void start();
  void stop();  // SIGTERM: Redis flushes its append-only file and exits
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }
  std::uint16_t port() const { return port_; }

 private:
  TempDir dir_;
  std::uint16_t port_;
  std::unique_ptr<Process> process_;
};

class PostgresServer {
 public:
  PostgresServer();  // initdb (trust on loopback), then start
  ~PostgresServer();
  void start();
  void stop();  // fast shutdown, as a restart does
  // postgresql://hub@127.0.0.1:port/<db>
  std::string url(const std::string& db = "postgres") const;
  void create_database(const std::string& name);

 private:
  void run(const std::string& command);
  std::string dir_;
  std::uint16_t port_;
};

}  // namespace hub::test
