// The server: threads, accept loop, one coroutine per connection, local and worker-pool handlers,
// and two-phase shutdown. Proxying lives in proxy.cpp, local answers in respond.cpp.
//
// Each I/O thread runs its own io_context with exactly one thread, and each connection lives on one
// of them for its whole life: that single thread is the connection's strand, so nothing on a
// connection (nor on that thread's upstream pool) ever runs concurrently, without strand overhead.
#include "common/http/server.hpp"

#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "common/http/beast_internal.hpp"
#include "common/http/error_response.hpp"
#include "common/log/log.hpp"
#include "common/util/random.hpp"
#include "common/util/strings.hpp"

namespace hub::http {

using namespace detail;  // NOLINT(google-build-using-namespace): this file is the detail

namespace detail {

const ClassTimeouts& timeouts_for(const ServerOptions& options, RouteClass route_class) {
  switch (route_class) {
    case RouteClass::kApi:
      return options.api;
    case RouteClass::kTransfer:
      return options.transfer;
    case RouteClass::kStream:
      return options.stream;
  }
  return options.api;
}

bool is_hop_by_hop(std::string_view name) {
  // By length first: every header of every proxied message passes through here.
  switch (name.size()) {
    case 2:
      return util::iequals(name, "te");
    case 7:
      return util::iequals(name, "trailer") || util::iequals(name, "upgrade");
    case 10:
      return util::iequals(name, "connection") || util::iequals(name, "keep-alive");
    case 14:
      return util::iequals(name, "content-length");
    case 16:
      return util::iequals(name, "proxy-connection");
    case 17:
      return util::iequals(name, "transfer-encoding");
    case 18:
      return util::iequals(name, "proxy-authenticate");
    case 19:
      return util::iequals(name, "proxy-authorization");
    default:
      return false;
  }
}

bool is_internal_header(std::string_view name) {
  return util::istarts_with(name, "x-hub-");
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

}  // namespace detail

namespace {

bool valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

Request make_request(const ArenaRequest<bhttp::empty_body>& header, const std::string& remote) {
  Request req;
  req.version = static_cast<int>(header.version());
  req.method = std::string(header.method_string());
  req.target = std::string(header.target());
  auto q = req.target.find('?');
  req.path = req.target.substr(0, q);
  if (q != std::string::npos) req.query = req.target.substr(q + 1);
  req.headers = to_headers(header);
  req.ctx.remote_address = remote;
  std::string_view incoming = req.headers.get("X-Request-Id");
  req.ctx.request_id = valid_request_id(incoming) ? std::string(incoming) : util::random_id();
  return req;
}

// Feeds a handler on a worker thread from the connection: each read() hops to the connection's I/O
// thread for one read of what has arrived, and waits for it to finish. It never returns while that
// read is running (the read writes into the caller's buffer): the socket's own deadline ends every
// read while the I/O loop runs, and once the loop has stopped (shutdown) nothing can complete or
// write any more, so only then does it give up waiting.
class StreamingBodyReader : public BodyReader {
 public:
  StreamingBodyReader(Conn& conn, ArenaRequestParser<bhttp::buffer_body>& parser, net::any_io_executor ex,
                      std::chrono::milliseconds timeout)
      : conn_(conn), parser_(parser), ex_(std::move(ex)), timeout_(timeout) {}

  std::size_t read(char* data, std::size_t size) override {
    while (true) {
      if (failed_) throw ApiError(ErrorCode::kBadRequest, "request body could not be read");
      if (done_) return 0;
      auto state = std::make_shared<ReadState>();
      net::post(ex_, [this, state, data, size] {
        if (parser_.is_done()) {
          state->finish({}, 0);
          return;
        }
        parser_.get().body().data = data;
        parser_.get().body().size = size;
        conn_.stream.arm(timeout_);
        bhttp::async_read_some(conn_.stream, conn_.buffer, parser_, [this, state, size](error_code ec, std::size_t) {
          if (ec == bhttp::error::need_buffer) ec = {};
          state->finish(ec, size - parser_.get().body().size);
        });
      });
      {
        std::unique_lock lock(state->mutex);
        while (!state->complete) {
          state->ready.wait_for(lock, std::chrono::milliseconds(500));
          if (!state->complete && conn_.loops_stopped) {
            failed_ = true;
            throw ApiError(ErrorCode::kUnavailable, "server shutting down");
          }
        }
      }
      if (state->ec == bhttp::error::body_limit) {
        failed_ = true;
        throw ApiError(ErrorCode::kPayloadTooLarge, "request body too large");
      }
      if (state->ec) {
        failed_ = true;
        throw ApiError(ErrorCode::kBadRequest, "request body could not be read", state->ec.message());
      }
      done_ = state->n == 0 && parser_.is_done();
      if (state->n > 0) return state->n;
    }
  }

 private:
  struct ReadState {
    std::mutex mutex;
    std::condition_variable ready;
    bool complete = false;
    error_code ec;
    std::size_t n = 0;
    void finish(error_code e, std::size_t bytes) {
      {
        std::lock_guard lock(mutex);
        ec = e;
        n = bytes;
        complete = true;
      }
      ready.notify_all();
    }
  };

  Conn& conn_;
  ArenaRequestParser<bhttp::buffer_body>& parser_;
  net::any_io_executor ex_;
  std::chrono::milliseconds timeout_;
  bool done_ = false;
  bool failed_ = false;
};

struct RouteMetrics {
  metrics::Counter* by_class[6];
  metrics::Histogram* latency;
};

struct TransparentHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

RouteMetrics& route_metrics(std::string_view route_view) {
  thread_local std::unordered_map<std::string, RouteMetrics, TransparentHash, std::equal_to<>> cache;
  auto it = cache.find(route_view);
  if (it != cache.end()) return it->second;
  const std::string route(route_view);
  auto& reg = metrics::Registry::global();
  RouteMetrics m{};
  static constexpr const char* kClasses[] = {"1xx", "1xx", "2xx", "3xx", "4xx", "5xx"};
  for (int i = 1; i < 6; ++i) {
    m.by_class[i] = &reg.counter("hub_http_requests_total", "HTTP requests by route and status class",
                                 {{"route", route}, {"code", kClasses[i]}});
  }
  m.by_class[0] = m.by_class[1];
  m.latency = &reg.histogram("hub_http_request_duration_seconds", "HTTP request latency by route", {{"route", route}});
  return cache.emplace(route, m).first->second;
}

void record(const ServerOptions& options, const Request& req, const Exchange& ex) {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - req.ctx.start).count();
  RouteMetrics& m = route_metrics(req.ctx.route);
  int cls = std::clamp(ex.status / 100, 1, 5);
  m.by_class[cls]->inc();
  m.latency->observe(seconds);
  if (options.access_log) {
    log::info("request", {{"type", "access"},
                          {"method", req.method},
                          {"path", req.path},
                          {"route", req.ctx.route},
                          {"status", ex.status},
                          {"latencyMs", seconds * 1000.0},
                          {"bytesOut", ex.bytes_out},
                          {"requestId", req.ctx.request_id},
                          {"remote", req.ctx.remote_address}});
  }
}

}  // namespace

// Declaration order is destruction order in reverse: the io_context goes before the registry (the
// coroutine frames it destroys unregister their sockets) and after the pooled upstream sockets.
struct IoThread {
  explicit IoThread(std::size_t idle_per_key) : upstreams(idle_per_key, registry) {}
  SocketRegistry registry;
  net::io_context ioc{1};
  std::list<Conn*> sessions;  // only touched on this thread
  UpstreamConnections upstreams;
  std::thread thread;
};

struct Server::Impl {
  Impl(ServerOptions o, Dispatcher& d)
      : options(std::move(o)),
        dispatcher(d),
        workers(static_cast<std::size_t>(options.workers), static_cast<std::size_t>(options.queue_limit)),
        metrics{metrics::Registry::global().gauge("hub_http_body_buffer_bytes",
                                                  "Bytes of request and response bodies held in memory"),
                metrics::Registry::global().gauge("hub_http_connections", "Open client connections"),
                metrics::Registry::global().counter("hub_upstream_errors_total", "Upstream connection failures"),
                metrics::Registry::global().counter("hub_upstream_timeouts_total", "Upstream timeouts"),
                metrics::Registry::global().counter("hub_upstream_retries_total",
                                                    "Requests retried on another upstream connection"),
                metrics::Registry::global().counter("hub_http_connections_refused_total",
                                                    "Connections closed at once because too many were open")} {}

  ServerOptions options;
  Dispatcher& dispatcher;
  work::WorkerPool workers;
  ServerMetrics metrics;
  std::vector<std::unique_ptr<IoThread>> io;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> guards;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::atomic<bool> stopping{false};
  std::atomic<bool> loops_stopped{false};
  std::atomic<int> active{0};
  std::atomic<std::size_t> next_thread{0};
  std::uint16_t bound_port = 0;

  std::mutex stop_mutex;
  std::condition_variable stop_cv;
  bool stop_requested = false;

  net::awaitable<void> accept_loop();
  net::awaitable<void> session(IoThread& thread, tcp::socket* accepted);
  Action decide(Request& req);
  net::awaitable<Action> decide_on_pool(Request& req, Action& deferred);
  net::awaitable<Exchange> serve_one(Conn& conn, ArenaRequestParser<bhttp::empty_body>& parser, Request& req,
                                     Action& action);
  void for_each_session(bool idle_only);
};

net::awaitable<void> Server::Impl::accept_loop() {
  while (!stopping) {
    IoThread& target = *io[next_thread.fetch_add(1) % io.size()];
    error_code ec;
    tcp::socket socket = co_await acceptor->async_accept(target.ioc, net::redirect_error(net::use_awaitable, ec));
    if (stopping) break;
    if (ec) {
      // Out of descriptors or a transient failure: back off rather than spin.
      log::warn("accept failed", {{"error", ec.message()}});
      auto executor = co_await net::this_coro::executor;
      net::steady_timer timer(executor, std::chrono::milliseconds(100));
      co_await timer.async_wait(net::redirect_error(net::use_awaitable, ec));
      continue;
    }
    if (active.load() >= static_cast<int>(options.max_connections)) {
      metrics.connections_refused.inc();
      socket.close(ec);
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    // Counted from here, not from when the session starts, so shutdown waits for it too.
    active.fetch_add(1);
    net::co_spawn(target.ioc, session(target, new tcp::socket(std::move(socket))), net::detached);
  }
}

net::awaitable<void> Server::Impl::session(IoThread& thread, tcp::socket* accepted) {
  std::unique_ptr<tcp::socket> socket(accepted);
  metrics.connections.add(1);
  error_code ec;
  auto endpoint = socket->remote_endpoint(ec);
  Conn conn{TimedSocket(std::move(*socket), thread.registry),
            nullptr,
            beast::flat_buffer(options.header_limit + kChunk),
            ec ? std::string() : endpoint.address().to_string(),
            false,
            options,
            dispatcher,
            workers,
            thread.upstreams,
            metrics,
            stopping,
            loops_stopped};
  conn.stream.socket().non_blocking(true, ec);  // send_all() tries sends at once
  thread.sessions.push_back(&conn);
  auto registered = std::prev(thread.sessions.end());

  bool first = true;
  try {
    while (!stopping) {
      conn.busy = false;
      ExchangeArena arena;
      conn.arena = &arena;
      ArenaRequestParser<bhttp::empty_body> parser(std::piecewise_construct, std::make_tuple(), arena.fields());
      parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
      parser.body_limit(boost::none);
      // The whole header must arrive within the limit, however slowly its bytes drip in.
      const auto header_limit_time = first ? options.api.read : options.idle_timeout;
      conn.stream.arm(header_limit_time);
      conn.stream.set_hard_deadline(std::chrono::steady_clock::now() + header_limit_time);
      first = false;
      co_await read_parsed(conn.stream, conn.buffer, parser, ReadUntil::kHeader, ec);
      conn.stream.clear_hard_deadline();
      if (ec) {
        const bool parse_error = ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
                                 ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
        if (parse_error) {
          // Malformed or oversized header: answer once, then close.
          Request req;
          req.ctx.request_id = util::random_id();
          req.ctx.remote_address = conn.remote;
          bool too_large = ec == bhttp::error::header_limit;
          Response r =
              error_response(too_large ? ErrorCode::kHeadersTooLarge : ErrorCode::kBadRequest,
                             too_large ? "request header too large" : "malformed HTTP request", req.ctx.request_id);
          conn.busy = true;
          Exchange ex = co_await write_response(conn, req, r, false, RouteClass::kApi);
          record(options, req, ex);
        }
        break;
      }
      conn.busy = true;
      Request req = make_request(parser.get(), conn.remote);
      Exchange ex;
      try {
        // A proxied exchange (the gateway's every request) goes straight to the proxy: one
        // coroutine frame fewer to allocate per request.
        Action action = decide(req);
        while (action.deferred || action.ask) {
          Action next;
          if (action.ask) {
            next = co_await ask_peer(conn, req, *action.ask);
          } else {
            next = co_await decide_on_pool(req, action);
          }
          action = std::move(next);
        }
        if (action.undecided()) {
          action = Action::reply(error_response(ErrorCode::kNotFound, "no such endpoint", req.ctx.request_id));
        }
        if (action.proxy) {
          ex = co_await proxy_exchange(conn, parser, req, *action.proxy);
        } else {
          ex = co_await serve_one(conn, parser, req, action);
        }
      } catch (const std::exception&) {
        // The client went away (or a deadline passed) mid-exchange: still one access line.
        record(options, req, Exchange{499, 0, false});
        throw;
      }
      record(options, req, ex);
      // An idle keep-alive connection keeps no body-sized buffer (a header-sized one it reuses).
      if (conn.buffer.size() == 0 && conn.buffer.capacity() > 16 * 1024) conn.buffer.shrink_to_fit();
      if (!ex.keep_alive) break;
    }
  } catch (const std::exception& e) {
    // A write or read failed mid-exchange (client gone, deadline passed): nothing left to answer.
    log::debug("connection ended", {{"error", e.what()}, {"remote", conn.remote}});
  }
  conn.stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  conn.stream.close();
  thread.sessions.erase(registered);
  metrics.connections.sub(1);
  if (active.fetch_sub(1) == 1) {
    std::lock_guard lock(stop_mutex);
    stop_cv.notify_all();
  }
}

Action Server::Impl::decide(Request& req) {
  try {
    return dispatcher.dispatch(req);
  } catch (const ApiError& e) {
    return Action::reply(error_response(e, req.ctx.request_id));
  } catch (const std::exception& e) {
    log::error("dispatch failed", {{"error", e.what()}, {"requestId", req.ctx.request_id}});
    return Action::reply(error_response(ErrorCode::kInternal, "internal error", req.ctx.request_id));
  }
}

net::awaitable<Action> Server::Impl::decide_on_pool(Request& req, Action& deferred) {
  auto job = [&req, work = std::move(deferred.deferred)]() -> Action {
    try {
      return work();
    } catch (const ApiError& e) {
      return Action::reply(error_response(e, req.ctx.request_id));
    } catch (const std::exception& e) {
      log::error("dispatch failed", {{"error", e.what()}, {"requestId", req.ctx.request_id}});
      return Action::reply(error_response(ErrorCode::kInternal, "internal error", req.ctx.request_id));
    }
  };
  Action decided;
  try {
    decided = co_await on_pool<Action>(workers, job);
  } catch (const QueueFull&) {
    Response busy = error_response(ErrorCode::kUnavailable, "server busy, retry shortly", req.ctx.request_id);
    busy.headers.set("Retry-After", "1");
    decided = Action::reply(std::move(busy));
  }
  co_return decided;
}

net::awaitable<Exchange> Server::Impl::serve_one(Conn& conn, ArenaRequestParser<bhttp::empty_body>& parser,
                                                 Request& req, Action& action) {
  bool keep_alive = parser.keep_alive() && !stopping;
  const bool has_body = !parser.is_done();
  if (action.respond) {
    // Answered without reading the body: a small body is skipped so the connection can be reused,
    // a large or unknown one ends the connection.
    auto cl = parser.content_length();
    const bool awaits_continue = util::iequals(req.headers.get("Expect"), "100-continue");
    if (has_body && (!cl || *cl > 64 * 1024 || awaits_continue)) {
      co_return co_await answer_locally(conn, req, *action.respond, false, RouteClass::kApi, true);
    }
    if (has_body) {
      ArenaRequestParser<bhttp::string_body> skip(std::move(parser));
      skip.body_limit(64 * 1024);
      conn.stream.arm(options.api.read);
      co_await bhttp::async_read(conn.stream, conn.buffer, skip, net::use_awaitable);
    }
    co_return co_await write_response(conn, req, *action.respond, keep_alive, RouteClass::kApi);
  }

  const HandlerOptions& ho = action.options;
  const ClassTimeouts& t = timeouts_for(options, ho.route_class);
  auto cl = parser.content_length();
  if (has_body && cl && *cl > ho.max_body) {
    Response r = error_response(ErrorCode::kPayloadTooLarge,
                                "request body exceeds " + std::to_string(ho.max_body) + " bytes", req.ctx.request_id);
    co_return co_await answer_locally(conn, req, r, false, ho.route_class, true);
  }
  if (has_body && util::iequals(req.headers.get("Expect"), "100-continue")) {
    bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
    conn.stream.arm(t.write);
    co_await bhttp::async_write(conn.stream, cont, net::use_awaitable);
  }

  const Handler* handler = action.handler;
  auto run = [handler, &req]() -> Response {
    try {
      return (*handler)(req);
    } catch (ResponseException& answer) {
      return std::move(answer.response);
    } catch (const ApiError& e) {
      if (e.status() >= 500) {
        log::error("request failed",
                   {{"error", e.message()}, {"detail", e.detail()}, {"requestId", req.ctx.request_id}});
      } else if (!e.detail().empty()) {
        log::info("request refused",
                  {{"error", e.message()}, {"detail", e.detail()}, {"requestId", req.ctx.request_id}});
      }
      return error_response(e, req.ctx.request_id);
    } catch (const std::exception& e) {
      log::error("handler threw", {{"error", e.what()}, {"requestId", req.ctx.request_id}});
      return error_response(ErrorCode::kInternal, "internal error", req.ctx.request_id);
    }
  };

  Response response;
  bool body_finished = true;
  try {
    if (ho.stream_body && has_body) {
      ArenaRequestParser<bhttp::buffer_body> body_parser(std::move(parser));
      body_parser.body_limit(ho.max_body);
      conn.buffer.reserve(kChunk);  // room for whole chunks, so each hop reads one
      GaugeHold read_buffer_hold(metrics.body_buffer_bytes, kChunk);
      auto executor = co_await net::this_coro::executor;
      StreamingBodyReader reader(conn, body_parser, executor, t.read);
      req.body_reader = &reader;
      response = co_await on_pool<Response>(workers, run);
      req.body_reader = nullptr;
      body_finished = body_parser.is_done();
    } else {
      if (has_body) {
        ArenaRequestParser<bhttp::string_body> body_parser(std::move(parser));
        body_parser.body_limit(ho.max_body);
        conn.stream.arm(t.read);
        error_code ec;
        co_await bhttp::async_read(conn.stream, conn.buffer, body_parser, net::redirect_error(net::use_awaitable, ec));
        if (ec == bhttp::error::body_limit) {
          Response r =
              error_response(ErrorCode::kPayloadTooLarge,
                             "request body exceeds " + std::to_string(ho.max_body) + " bytes", req.ctx.request_id);
          co_return co_await answer_locally(conn, req, r, false, ho.route_class, true);
        }
        if (ec) throw boost::system::system_error(ec);
        req.body = std::move(body_parser.get().body());
      }
      // Not a conditional expression: GCC 12 miscompiles co_await inside `?:`.
      if (ho.on_io_thread) {
        response = run();
      } else {
        response = co_await on_pool<Response>(workers, run);
      }
    }
  } catch (const QueueFull&) {
    response = error_response(ErrorCode::kUnavailable, "server busy, retry shortly", req.ctx.request_id);
    response.headers.set("Retry-After", "1");
    body_finished = !has_body;
  }
  co_return co_await answer_locally(conn, req, response, keep_alive, ho.route_class, !body_finished);
}

void Server::Impl::for_each_session(bool idle_only) {
  for (auto& t : io) {
    net::post(t->ioc, [thread = t.get(), idle_only] {
      for (Conn* c : thread->sessions) {
        if (idle_only && c->busy) continue;
        c->stream.cancel();
        if (!idle_only) {
          error_code ec;
          c->stream.socket().close(ec);
        }
      }
    });
  }
}

Server::Server(ServerOptions options, Dispatcher& dispatcher)
    : impl_(std::make_unique<Impl>(std::move(options), dispatcher)) {}

Server::~Server() {
  if (!impl_->io.empty()) {
    stop();
    for (auto& g : impl_->guards)
      g.reset();
    for (auto& t : impl_->io)
      t->ioc.stop();
    for (auto& t : impl_->io) {
      if (t->thread.joinable()) t->thread.join();
    }
  }
  impl_->loops_stopped = true;
  impl_->workers.shutdown();
}

void Server::start() {
  auto& s = *impl_;
  int n = std::max(1, s.options.io_threads);
  for (int i = 0; i < n; ++i)
    s.io.push_back(std::make_unique<IoThread>(s.options.upstream_idle_per_address));
  for (auto& t : s.io)
    s.guards.push_back(net::make_work_guard(t->ioc));

  error_code ec;
  auto address = net::ip::make_address(s.options.host, ec);
  if (ec) throw std::runtime_error("invalid listen address '" + s.options.host + "'");
  tcp::endpoint endpoint(address, s.options.port);
  s.acceptor = std::make_unique<tcp::acceptor>(s.io[0]->ioc);
  s.acceptor->open(endpoint.protocol(), ec);
  if (!ec) s.acceptor->set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor->bind(endpoint, ec);
  if (!ec) s.acceptor->listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + s.options.host + ":" + std::to_string(s.options.port) + ": " +
                             ec.message());
  }
  s.bound_port = s.acceptor->local_endpoint().port();
  net::co_spawn(s.io[0]->ioc, s.accept_loop(), net::detached);
  for (auto& t : s.io)
    net::co_spawn(t->ioc, t->registry.run(), net::detached);
  for (auto& t : s.io) {
    t->thread = std::thread([thread = t.get()] {
      // Access lines of one loop turn leave in one write (log.hpp).
      log::coalesce_on_this_thread([ioc = &thread->ioc] { net::post(*ioc, [] { log::flush_this_thread(); }); });
      while (true) {
        try {
          thread->ioc.run();
          log::flush_this_thread();
          return;
        } catch (const std::exception& e) {
          // A handler threw past its coroutine: log it and keep the thread serving.
          log::error("I/O thread caught exception", {{"error", e.what()}});
        }
      }
    });
  }
  log::info("listening", {{"address", s.options.host},
                          {"port", static_cast<int>(s.bound_port)},
                          {"ioThreads", n},
                          {"workers", s.options.workers}});
}

std::uint16_t Server::port() const {
  return impl_->bound_port;
}

void Server::stop() {
  std::lock_guard lock(impl_->stop_mutex);
  impl_->stop_requested = true;
  impl_->stop_cv.notify_all();
}

void Server::run(const std::function<void()>& on_signal, std::chrono::milliseconds drain_delay) {
  auto& s = *impl_;
  // Signals are waited for on this thread with sigwait-free Asio handling of its own.
  net::io_context signal_ioc;
  net::signal_set signals(signal_ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const error_code& ec, int signo) {
    if (ec) return;
    log::info("signal received, draining", {{"signal", signo}});
    stop();
  });
  std::thread signal_thread([&] { signal_ioc.run(); });

  {
    std::unique_lock lock(s.stop_mutex);
    s.stop_cv.wait(lock, [&] { return s.stop_requested; });
  }
  if (on_signal) on_signal();
  if (drain_delay.count() > 0) std::this_thread::sleep_for(drain_delay);

  // Phase one: stop accepting, close idle keep-alive connections, let busy ones finish.
  s.stopping = true;
  net::post(s.io[0]->ioc, [&s] {
    error_code ec;
    s.acceptor->close(ec);
  });
  s.for_each_session(true);
  {
    std::unique_lock lock(s.stop_mutex);
    bool drained = s.stop_cv.wait_for(lock, s.options.shutdown_timeout, [&] { return s.active.load() == 0; });
    if (!drained) log::warn("shutdown deadline passed, closing connections", {{"open", s.active.load()}});
  }
  // Phase two: whatever is left is cut.
  s.for_each_session(false);
  {
    std::unique_lock lock(s.stop_mutex);
    s.stop_cv.wait_for(lock, std::chrono::seconds(2), [&] { return s.active.load() == 0; });
  }
  for (auto& g : s.guards)
    g.reset();
  for (auto& t : s.io)
    t->ioc.stop();
  for (auto& t : s.io) {
    if (t->thread.joinable()) t->thread.join();
  }
  s.loops_stopped = true;  // handlers waiting on a socket read stop waiting
  // Jobs still running post their results to the stopped loops, which must outlive them.
  s.workers.shutdown();
  s.guards.clear();
  s.acceptor.reset();
  s.io.clear();
  signals.cancel();
  signal_ioc.stop();
  signal_thread.join();
  log::info("stopped");
}

}  // namespace hub::http
