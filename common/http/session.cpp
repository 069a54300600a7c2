// One client connection: the session loop that reads each request header under its deadlines,
// asks the dispatcher what to do, and answers (locally, from a handler, or through the proxy) until
// the connection or the server ends.
#include <memory>
#include <variant>

#include "common/http/detail/exchange_log.hpp"
#include "common/http/detail/io_thread.hpp"
#include "common/http/detail/live.hpp"
#include "common/http/detail/on_pool.hpp"
#include "common/http/detail/peer_ask.hpp"
#include "common/http/detail/proxy_exchange.hpp"
#include "common/http/detail/streaming_body_reader.hpp"
#include "common/http/detail/wire.hpp"
#include "common/http/error_response.hpp"
#include "common/log/log.hpp"
#include "common/util/random.hpp"
#include "common/util/strings.hpp"

namespace hub::http::detail {

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

Action decide(Conn& conn, Request& req) {
  try {
    return conn.dispatcher.dispatch(req);
  } catch (const ApiError& e) {
    return Action::reply(error_response(e, req.ctx.request_id));
  } catch (const std::exception& e) {
    log::error("dispatch failed", {{"error", e.what()}, {"requestId", req.ctx.request_id}});
    return Action::reply(error_response(ErrorCode::kInternal, "internal error", req.ctx.request_id));
  }
}

// The deferred decision on the worker pool; a full queue is a 503 to retry.
net::awaitable<Action> decide_on_pool(Conn& conn, Request& req, action::Defer& deferred) {
  auto job = [&req, work = std::move(deferred.work)]() -> Action {
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
    decided = co_await on_pool<Action>(conn.workers, job);
  } catch (const QueueFull&) {
    Response busy = error_response(ErrorCode::kUnavailable, "server busy, retry shortly", req.ctx.request_id);
    busy.headers.set("Retry-After", "1");
    decided = Action::reply(std::move(busy));
  }
  co_return decided;
}

// A local answer (action::Reply) or a local handler (action::Handle), with the request body read as
// the handler's options say.
net::awaitable<Exchange> serve_one(Conn& conn, ArenaRequestParser<bhttp::empty_body>& parser, Request& req,
                                   Action& action) {
  const ServerOptions& options = conn.options;
  bool keep_alive = parser.keep_alive() && !conn.stopping;
  const bool has_body = !parser.is_done();
  if (auto* reply = std::get_if<action::Reply>(&action)) {
    // Answered without reading the body: a small body is skipped so the connection can be reused,
    // a large or unknown one ends the connection.
    auto cl = parser.content_length();
    const bool awaits_continue = util::iequals(req.headers.get("Expect"), "100-continue");
    if (has_body && (!cl || *cl > 64 * 1024 || awaits_continue)) {
      co_return co_await answer_locally(conn, req, reply->response, false, RouteClass::kApi, true);
    }
    if (has_body) {
      ArenaRequestParser<bhttp::string_body> skip(std::move(parser));
      skip.body_limit(64 * 1024);
      conn.stream.arm(options.api.read);
      co_await bhttp::async_read(conn.stream, conn.buffer, skip, net::use_awaitable);
    }
    co_return co_await write_response(conn, req, reply->response, keep_alive, RouteClass::kApi);
  }

  auto& handle = std::get<action::Handle>(action);
  const HandlerOptions& ho = handle.options;
  const ClassTimeouts& t = timeouts_for(options, ho.route_class);
  if (ho.websocket && (has_body || !is_websocket_upgrade(parser.get()))) {
    Response r = error_response(ErrorCode::kUpgradeRequired, "this endpoint speaks WebSocket only", req.ctx.request_id);
    r.headers.set("Upgrade", "websocket");
    co_return co_await answer_locally(conn, req, r, false, ho.route_class, has_body);
  }
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

  const Handler* handler = handle.handler;
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
      GaugeHold read_buffer_hold(conn.metrics.body_buffer_bytes, kChunk);
      auto executor = co_await net::this_coro::executor;
      StreamingBodyReader reader(conn, body_parser, executor, t.read);
      req.body_reader = &reader;
      response = co_await on_pool<Response>(conn.workers, run);
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
        response = co_await on_pool<Response>(conn.workers, run);
      }
    }
  } catch (const QueueFull&) {
    response = error_response(ErrorCode::kUnavailable, "server busy, retry shortly", req.ctx.request_id);
    response.headers.set("Retry-After", "1");
    body_finished = !has_body;
  }
  if (response.live) {
    // (A WebSocket request has no body, so the header parser is still whole here.)
    co_return co_await serve_live(conn, parser.get(), req, response, ho);
  }
  co_return co_await answer_locally(conn, req, response, keep_alive, ho.route_class, !body_finished);
}

}  // namespace

net::awaitable<void> serve_connection(IoThread& thread, tcp::socket* accepted) {
  ServerCore& core = thread.core;
  const ServerOptions& options = core.options;
  ServerMetrics& metrics = core.metrics;
  std::unique_ptr<tcp::socket> socket(accepted);
  metrics.connections.add(1);
  error_code ec;
  auto endpoint = socket->remote_endpoint(ec);
  Conn conn{TimedSocket(std::move(*socket), thread.registry),
            nullptr,
            beast::flat_buffer(options.header_limit + kChunk),
            ec ? std::string() : endpoint.address().to_string(),
            false,
            true,
            options,
            core.dispatcher,
            core.workers,
            thread.upstreams,
            metrics,
            core.stopping,
            core.draining};
  conn.stream.socket().non_blocking(true, ec);  // send_all() tries sends at once
  thread.sessions.push_back(&conn);
  auto registered = std::prev(thread.sessions.end());

  try {
    // A connection's first request is read even once the server is stopping: its client connected
    // to send it (and waits kFirstRequestGrace at most then).
    while (conn.fresh || !core.stopping) {
      conn.busy = false;
      ExchangeArena arena;
      conn.arena = &arena;
      ArenaRequestParser<bhttp::empty_body> parser(std::piecewise_construct, std::make_tuple(), arena.fields());
      parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
      parser.body_limit(boost::none);
      // The whole header must arrive within the limit, however slowly its bytes drip in.
      const auto header_limit_time = conn.fresh ? options.api.read : options.idle_timeout;
      conn.stream.arm(header_limit_time);
      conn.stream.set_hard_deadline(coarse_now() + header_limit_time);
      if (core.stopping) conn.stream.shorten_deadline(coarse_now() + kFirstRequestGrace);
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
      conn.fresh = false;
      Request req = make_request(parser.get(), conn.remote);
      Exchange ex;
      try {
        Action action = decide(conn, req);
        while (action.pending()) {
          Action next;
          if (auto* ask = std::get_if<action::Ask>(&action)) {
            next = co_await ask_peer(thread, req, *ask);
          } else {
            next = co_await decide_on_pool(conn, req, std::get<action::Defer>(action));
          }
          action = std::move(next);
        }
        if (action.undecided()) {
          action = Action::reply(error_response(ErrorCode::kNotFound, "no such endpoint", req.ctx.request_id));
        }
        if (auto* proxy = std::get_if<action::Proxy>(&action)) {
          ProxyExchange exchange(conn, parser, req, proxy->target);
          ex = co_await exchange.run();
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
  core.connection_ended();
}

}  // namespace hub::http::detail
