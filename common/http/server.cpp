// The server: its I/O threads, the accept loop, and the two-phase shutdown. A connection's life is
// in session.cpp, proxying in proxy_exchange.cpp, local answers in respond.cpp.
//
// Shutdown is driven by cancellation, as Beast's examples do it, not by a thread polling a
// condition: run() waits on its own io_context for a signal (or stop()), and each phase ends when
// its timer fires or is cancelled by the last connection closing.
#include "common/http/server.hpp"

#include <future>
#include <thread>

#include "common/http/detail/io_thread.hpp"
#include "common/log/log.hpp"

namespace hub::http {

using namespace detail;  // NOLINT(google-build-using-namespace): this file is the detail

namespace detail {

namespace {
thread_local IoThread* current_io_thread = nullptr;
}  // namespace

ServerCore::ServerCore(ServerOptions o, Dispatcher& d)
    : options(std::move(o)),
      dispatcher(d),
      workers(static_cast<std::size_t>(options.workers), static_cast<std::size_t>(options.queue_limit)),
      metrics{
          metrics::Registry::global().gauge("hub_http_body_buffer_bytes",
                                            "Bytes of request and response bodies held in memory"),
          metrics::Registry::global().gauge("hub_http_connections", "Open client connections"),
          metrics::Registry::global().counter("hub_upstream_errors_total", "Upstream connection failures"),
          metrics::Registry::global().counter("hub_upstream_timeouts_total", "Upstream timeouts"),
          metrics::Registry::global().counter("hub_upstream_retries_total",
                                              "Requests retried on another upstream connection"),
          metrics::Registry::global().counter("hub_http_connections_refused_total",
                                              "Connections closed at once because too many were open"),
          metrics::Registry::global().gauge("hub_http_live_streams", "Live feeds (SSE and WebSocket) being served")} {}

void ServerCore::connection_ended() {
  // With `stopping` set before shutdown reads `active` (both sequentially consistent), either
  // shutdown sees no connection left or the last one to end sees `stopping` and says so.
  if (active.fetch_sub(1) == 1 && stopping && on_drained) on_drained();
}

net::awaitable<void> SocketRegistry::run() {
  auto executor = co_await net::this_coro::executor;
  net::steady_timer timer(executor);
  while (true) {
    timer.expires_after(kSweepInterval);
    error_code ec;
    co_await timer.async_wait(net::redirect_error(net::use_awaitable, ec));
    if (ec) co_return;
    sweep(std::chrono::steady_clock::now());
  }
}

IoThread* IoThread::current() {
  return current_io_thread;
}

void IoThread::run() {
  current_io_thread = this;
  // Access lines of one loop turn leave in one write (log.hpp).
  log::coalesce_on_this_thread([this] { net::post(ioc, [] { log::flush_this_thread(); }); });
  while (true) {
    try {
      ioc.run();
      log::flush_this_thread();
      break;
    } catch (const std::exception& e) {
      // A handler threw past its coroutine: log it and keep the thread serving.
      log::error("I/O thread caught exception", {{"error", e.what()}});
    }
  }
  current_io_thread = nullptr;
}

}  // namespace detail

struct Server::Impl {
  Impl(ServerOptions o, Dispatcher& d) : core(std::move(o), d) {
    // The last connection of a draining server ends its phase early (run()).
    core.on_drained = [this] { net::post(control, [this] { phase_deadline.cancel(); }); };
  }

  ServerCore core;
  std::vector<std::unique_ptr<IoThread>> io;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> guards;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::atomic<std::size_t> next_thread{0};
  std::uint16_t bound_port = 0;

  // run()'s own loop: signals, stop(), and the deadlines of the shutdown phases.
  net::io_context control{1};
  net::steady_timer stop_requested{control, std::chrono::steady_clock::time_point::max()};
  net::steady_timer phase_deadline{control};
  bool stop_pending = false;  // stop() came before run() waited (touched on `control` only)

  net::awaitable<void> accept_loop();
  // Serves an accepted connection on `target`, or closes it at once when too many are open.
  void serve(IoThread& target, tcp::socket socket);
  // Phase one's first step, on the acceptor's thread: the connections the kernel completed that
  // nobody accepted yet are accepted and served, then the listener closes. Closing it with them
  // queued would reset them after their clients may have sent a request (which a proxy need not
  // send again: nginx never resends a POST); once closed, a new connection is refused, which
  // every client may retry elsewhere.
  void close_listener();
  // The shutdown: drain delay, phase one (finish busy exchanges), phase two (cut what is left).
  net::awaitable<void> shut_down(const std::function<void()>& on_signal, std::chrono::milliseconds drain_delay);
  // Waits until no connection is open or `limit` passes; false if some are still open.
  net::awaitable<bool> wait_drained(std::chrono::milliseconds limit);
  // Cancels the pending operations of the sessions (idle ones only: phase one, which also ends open
  // streams) and, for phase two, closes their sockets.
  void for_each_session(bool idle_only);
  // Stops what serves: the workers first (their reads of a request body end on the closed sockets
  // while the loops still run), then the I/O loops.
  void stop_threads();
};

net::awaitable<void> Server::Impl::accept_loop() {
  while (!core.stopping) {
    IoThread& target = *io[next_thread.fetch_add(1) % io.size()];
    error_code ec;
    tcp::socket socket = co_await acceptor->async_accept(target.ioc, net::redirect_error(net::use_awaitable, ec));
    if (ec == net::error::operation_aborted) break;  // close_listener()
    if (ec) {
      // Out of descriptors or a transient failure: back off rather than spin.
      log::warn("accept failed", {{"error", ec.message()}});
      auto executor = co_await net::this_coro::executor;
      net::steady_timer timer(executor, std::chrono::milliseconds(100));
      co_await timer.async_wait(net::redirect_error(net::use_awaitable, ec));
      continue;
    }
    serve(target, std::move(socket));  // even when stopping: its client may have sent a request
  }
}

void Server::Impl::serve(IoThread& target, tcp::socket socket) {
  error_code ec;
  if (core.active.load() >= static_cast<int>(core.options.max_connections)) {
    core.metrics.connections_refused.inc();
    socket.close(ec);
    return;
  }
  socket.set_option(tcp::no_delay(true), ec);
  // Counted from here, not from when the session starts, so shutdown waits for it too.
  core.active.fetch_add(1);
  net::co_spawn(target.ioc, serve_connection(target, new tcp::socket(std::move(socket))), net::detached);
}

void Server::Impl::close_listener() {
  error_code ec;
  acceptor->non_blocking(true, ec);
  while (!ec) {
    IoThread& target = *io[next_thread.fetch_add(1) % io.size()];
    tcp::socket socket(target.ioc);
    acceptor->accept(socket, ec);
    if (!ec) serve(target, std::move(socket));
  }
  acceptor->close(ec);
}

void Server::Impl::for_each_session(bool idle_only) {
  for (auto& t : io) {
    net::post(t->ioc, [thread = t.get(), idle_only] {
      for (Conn* c : thread->sessions) {
        if (idle_only && c->busy) {
          // An open-ended stream would hold phase one until its deadline: it ends now, and its
          // client reconnects to another replica.
          if (c->end_stream) c->end_stream();
          continue;
        }
        if (idle_only && c->fresh) {
          // Connected to send a request (a proxy sends it at once): a moment to send it, rather
          // than a reset that would lose it.
          c->stream.shorten_deadline(coarse_now() + kFirstRequestGrace);
          continue;
        }
        c->stream.cancel();
        if (!idle_only) c->stream.close();
      }
    });
  }
}

net::awaitable<bool> Server::Impl::wait_drained(std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  // A cancellation says the last connection ended (on_drained), but it may be stale: the count can
  // reach zero and rise again as phase one accepts what was queued (close_listener). So it is only
  // a cue to look again.
  while (core.active.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    phase_deadline.expires_at(deadline);
    error_code ec;
    co_await phase_deadline.async_wait(net::redirect_error(net::use_awaitable, ec));
  }
  co_return core.active.load() == 0;
}

net::awaitable<void> Server::Impl::shut_down(const std::function<void()>& on_signal,
                                             std::chrono::milliseconds drain_delay) {
  error_code ec;
  if (!stop_pending) co_await stop_requested.async_wait(net::redirect_error(net::use_awaitable, ec));
  if (on_signal) on_signal();
  core.draining = true;
  if (drain_delay.count() > 0) {
    // Still serving, so load balancers notice the service is not ready before it stops accepting,
    // and those that do not look (ServerCore::draining) stop reusing connections.
    phase_deadline.expires_after(drain_delay);
    co_await phase_deadline.async_wait(net::redirect_error(net::use_awaitable, ec));
  }

  // Phase one: stop accepting, close idle keep-alive connections, end live streams, let busy ones
  // finish.
  core.stopping = true;
  {
    // Before waiting for connections to end: those it accepts count too.
    std::promise<void> closed;
    net::post(io[0]->ioc, [this, &closed] {
      close_listener();
      closed.set_value();
    });
    closed.get_future().wait();
  }
  for_each_session(true);
  if (!co_await wait_drained(core.options.shutdown_timeout)) {
    log::warn("shutdown deadline passed, closing connections", {{"open", core.active.load()}});
  }
  // Phase two: whatever is left is cut.
  for_each_session(false);
  co_await wait_drained(std::chrono::seconds(2));
}

void Server::Impl::stop_threads() {
  core.workers.shutdown();
  for (auto& g : guards)
    g.reset();
  for (auto& t : io)
    t->ioc.stop();
  for (auto& t : io) {
    if (t->thread.joinable()) t->thread.join();
  }
}

Server::Server(ServerOptions options, Dispatcher& dispatcher)
    : impl_(std::make_unique<Impl>(std::move(options), dispatcher)) {}

Server::~Server() {
  auto& s = *impl_;
  if (!s.io.empty()) {
    // Destroyed without run(): cut every connection, then stop as run() does.
    s.core.draining = true;
    s.core.stopping = true;
    s.for_each_session(false);
    s.stop_threads();
  }
  s.core.workers.shutdown();
}

void Server::start() {
  auto& s = *impl_;
  int n = std::max(1, s.core.options.io_threads);
  for (int i = 0; i < n; ++i)
    s.io.push_back(std::make_unique<IoThread>(s.core));
  for (auto& t : s.io)
    s.guards.push_back(net::make_work_guard(t->ioc));

  const ServerOptions& options = s.core.options;
  error_code ec;
  auto address = net::ip::make_address(options.host, ec);
  if (ec) throw std::runtime_error("invalid listen address '" + options.host + "'");
  tcp::endpoint endpoint(address, options.port);
  s.acceptor = std::make_unique<tcp::acceptor>(s.io[0]->ioc);
  s.acceptor->open(endpoint.protocol(), ec);
  if (!ec) s.acceptor->set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor->bind(endpoint, ec);
  if (!ec) s.acceptor->listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + options.host + ":" + std::to_string(options.port) + ": " +
                             ec.message());
  }
  s.bound_port = s.acceptor->local_endpoint().port();
  net::co_spawn(s.io[0]->ioc, s.accept_loop(), net::detached);
  for (auto& t : s.io)
    net::co_spawn(t->ioc, t->registry.run(), net::detached);
  for (auto& t : s.io)
    t->thread = std::thread([thread = t.get()] { thread->run(); });
  log::info("listening", {{"address", options.host},
                          {"port", static_cast<int>(s.bound_port)},
                          {"ioThreads", n},
                          {"workers", options.workers}});
}

std::uint16_t Server::port() const {
  return impl_->bound_port;
}

void Server::stop() {
  auto* impl = impl_.get();
  net::post(impl->control, [impl] {
    impl->stop_pending = true;
    impl->stop_requested.cancel();
  });
}

void Server::run(const std::function<void()>& on_signal, std::chrono::milliseconds drain_delay) {
  auto& s = *impl_;
  net::signal_set signals(s.control, SIGINT, SIGTERM);
  signals.async_wait([this](const error_code& ec, int signo) {
    if (ec) return;
    log::info("signal received, draining", {{"signal", signo}});
    stop();
  });
  net::co_spawn(s.control, s.shut_down(on_signal, drain_delay),
                [&s, &signals](const std::exception_ptr&) { signals.cancel(); });
  s.control.run();

  s.stop_threads();
  s.guards.clear();
  s.acceptor.reset();
  s.io.clear();
  log::info("stopped");
}

}  // namespace hub::http
