#pragma once
// What a server shares between its I/O threads (ServerCore), and one I/O thread: its event loop, the
// connections it serves, its upstream pool and deadline sweeper. Each I/O thread runs its own
// io_context with exactly one thread, and each connection lives on one of them for its whole life:
// that single thread is the connection's strand, so nothing on a connection (nor on that thread's
// upstream pool) ever runs concurrently, without strand overhead.
#include <atomic>
#include <functional>
#include <list>
#include <thread>

#include "common/http/detail/connection.hpp"
#include "common/http/detail/timed_socket.hpp"
#include "common/http/detail/upstream_pool.hpp"
#include "common/http/server.hpp"
#include "common/work/worker_pool.hpp"

namespace hub::http::detail {

struct ServerCore {
  ServerCore(ServerOptions o, Dispatcher& d);

  ServerOptions options;
  Dispatcher& dispatcher;
  work::WorkerPool workers;
  ServerMetrics metrics;
  // The drain has begun (a signal): still serving, but every answer from now on closes its
  // connection, so a client that never reads /readyz (nginx in front of the gateways) has stopped
  // reusing its connections to this process by the time it stops accepting. Closing a keep-alive
  // connection that client still holds races its next request on it, which it need not send
  // again (nginx never resends a POST), and which is then lost. Set before `stopping`.
  std::atomic<bool> draining{false};
  // Phase one of shutdown has begun: no new connection, no new exchange on an open one.
  std::atomic<bool> stopping{false};
  // Open connections, counted from accept (so shutdown waits for one not yet started too).
  std::atomic<int> active{0};
  // Runs, on the ending connection's thread, when the last connection closes while stopping.
  std::function<void()> on_drained;

  // A connection ended: counts it, and says so once the last one is gone while stopping.
  void connection_ended();
};

// Declaration order is destruction order in reverse: the io_context goes before the registry (the
// coroutine frames it destroys unregister their sockets) and after the pooled upstream sockets.
struct IoThread {
  explicit IoThread(ServerCore& core) : core(core), upstreams(core.options.upstream_idle_per_address, registry) {}

  // The I/O thread the caller runs on, or nullptr on any other thread.
  static IoThread* current();
  // Runs the loop on this thread until it is stopped.
  void run();

  ServerCore& core;
  SocketRegistry registry;
  net::io_context ioc{1};
  std::list<Conn*> sessions;  // only touched on this thread
  UpstreamConnections upstreams;
  std::thread thread;
};

// Serves one accepted connection until it closes (session.cpp).
net::awaitable<void> serve_connection(IoThread& thread, tcp::socket* accepted);

}  // namespace hub::http::detail
