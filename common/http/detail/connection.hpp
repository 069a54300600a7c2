#pragma once
// One client connection as the code that answers on it sees it, and the local answers every server
// writes on it (respond.cpp).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "common/http/detail/buffers.hpp"
#include "common/http/detail/exchange_log.hpp"
#include "common/http/detail/timed_socket.hpp"
#include "common/http/detail/upstream_pool.hpp"
#include "common/http/server.hpp"
#include "common/metrics/metrics.hpp"
#include "common/work/worker_pool.hpp"

namespace hub::http::detail {

struct ServerMetrics {
  metrics::Gauge& body_buffer_bytes;
  metrics::Gauge& connections;
  metrics::Counter& upstream_errors;
  metrics::Counter& upstream_timeouts;
  metrics::Counter& upstream_retries;
  metrics::Counter& connections_refused;
  metrics::Gauge& live_streams;
};

// How long phase one of shutdown waits for the first request of a connection that has sent none yet
// (accepted as the listener closed, say): its client connected to send one.
inline constexpr std::chrono::milliseconds kFirstRequestGrace{1000};

// One client connection; lives in its session coroutine on one I/O thread.
struct Conn {
  TimedSocket stream;
  ExchangeArena* arena = nullptr;  // the current exchange's
  beast::flat_buffer buffer;
  std::string remote;
  bool busy = false;  // inside an exchange: phase one of shutdown lets it finish
  bool fresh = true;  // no request read yet: phase one of shutdown waits a moment for one
  const ServerOptions& options;
  Dispatcher& dispatcher;
  work::WorkerPool& workers;
  UpstreamConnections& upstreams;
  ServerMetrics& metrics;
  const std::atomic<bool>& stopping;  // phase one of shutdown: finish, then close
  const std::atomic<bool>& draining;  // answers close the connection (ServerCore::draining)
  // Set while the connection serves an open-ended exchange (a live feed, a proxied stream): ends it
  // soon and cleanly, where phase one of shutdown would otherwise wait for it until its deadline.
  // Called on the connection's own thread.
  std::function<void()> end_stream;
};

const ClassTimeouts& timeouts_for(const ServerOptions& options, RouteClass route_class);

// Writes a complete local response (string, file or source body); HEAD gets the header only.
// `response` is consumed. (Coroutines here take class arguments by reference only; see on_pool.)
net::awaitable<Exchange> write_response(Conn& conn, const Request& request, Response& response, bool keep_alive,
                                        RouteClass route_class);

// write_response(), then a lingering close when the request body was left unread.
net::awaitable<Exchange> answer_locally(Conn& conn, const Request& request, Response& response, bool keep_alive,
                                        RouteClass route_class, bool body_unread);

// Half-closes and drains briefly so the client reads our answer instead of a reset, when we answer
// without reading the whole request body.
net::awaitable<void> lingering_close(Conn& conn);

}  // namespace hub::http::detail
