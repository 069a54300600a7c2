#pragma once
// The HTTP/1.1 server every process runs. Plain interface: Beast and Asio stay inside common/http.
//
// For each request, once its header has arrived, the Dispatcher decides on an I/O thread (so it must
// not block) whether to answer at once, to run a handler on the worker pool, or to proxy the
// exchange to an upstream with bodies streamed both ways (the gateway).
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/http/action.hpp"
#include "common/http/message.hpp"

namespace hub::http {

struct ClassTimeouts {
  std::chrono::milliseconds read;      // each read from the client (header, body chunk)
  std::chrono::milliseconds write;     // each write to the client
  std::chrono::milliseconds upstream;  // waiting for an upstream's response header or next chunk
};

struct ServerOptions {
  std::string name = "hub";  // service name in logs and metrics
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0 picks a free port; see Server::port()
  int io_threads = 2;
  int workers = 16;
  int queue_limit = 1024;
  std::size_t header_limit = 32 * 1024;
  std::chrono::milliseconds idle_timeout{60000};    // keep-alive wait for the next request
  std::chrono::milliseconds connect_timeout{3000};  // to upstreams
  ClassTimeouts api{std::chrono::seconds(30), std::chrono::seconds(30), std::chrono::seconds(60)};
  ClassTimeouts transfer{std::chrono::seconds(300), std::chrono::seconds(300), std::chrono::seconds(300)};
  ClassTimeouts stream{std::chrono::hours(24), std::chrono::hours(24), std::chrono::hours(24)};
  std::chrono::milliseconds shutdown_timeout{30000};
  bool access_log = true;
  std::size_t upstream_idle_per_address = 64;  // pooled keep-alive connections per I/O thread
  std::size_t max_connections = 10000;         // beyond it new connections are closed at once
};

class Dispatcher {
 public:
  virtual ~Dispatcher() = default;
  // Called on an I/O thread with the request's header; may rewrite request.headers (they are what a
  // proxied request carries upstream) and must set request.ctx.route.
  virtual Action dispatch(Request& request) = 0;
  // Called on an I/O thread before any response header is written, local or proxied.
  virtual void finish(const Request& /*request*/, Headers& /*response_headers*/, int /*status*/) {}
};

class Server {
 public:
  Server(ServerOptions options, Dispatcher& dispatcher);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the I/O and worker threads. Throws std::runtime_error when it cannot bind.
  void start();
  std::uint16_t port() const;

  // Blocks until SIGTERM or SIGINT (or stop()). Then calls on_signal (the service turns not-ready),
  // keeps serving for drain_delay so load balancers notice, stops accepting, lets in-flight requests
  // finish up to shutdown_timeout, closes what is left and returns.
  void run(const std::function<void()>& on_signal, std::chrono::milliseconds drain_delay);
  // Makes run() proceed as if a signal had arrived. Safe from any thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hub::http
