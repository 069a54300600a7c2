// Relays one exchange to an upstream with both bodies streamed through one fixed buffer, so a
// transfer of any size holds at most kChunk bytes of body in memory. Framing is preserved: a chunked
// request stays chunked, a Content-Length one keeps its length, and Range and conditional headers
// pass through untouched. Bodies are relayed piece by piece as they arrive (server-sent events are
// not held back), and a WebSocket upgrade on a stream route becomes a two-way byte tunnel.
//
// The phases: connect and send the request header (retrying a refused connect for idempotent
// requests), relay the request body, read the response header (an upstream that answered early,
// before taking the whole body, still has its answer relayed), relay the response.
#include <poll.h>

#include "common/http/beast_internal.hpp"
#include "common/http/error_response.hpp"
#include "common/log/log.hpp"
#include "common/util/strings.hpp"

namespace hub::http::detail {

std::unique_ptr<TimedSocket> UpstreamConnections::take(const std::string& key) {
  auto it = idle_.find(key);
  if (it == idle_.end()) return nullptr;
  auto& list = it->second;
  const auto now = std::chrono::steady_clock::now();
  while (!list.empty()) {
    Idle idle = std::move(list.back());
    list.pop_back();
    if (now - idle.since > std::chrono::seconds(30)) continue;
    // An idle socket that is readable has either been closed by the upstream (EOF) or holds bytes
    // nobody asked for; neither may carry the next request. A connection back in the pool for
    // under a second is taken without asking the kernel (a syscall per request adds up): an
    // upstream closing it in that instant is what the retry of a failed reused connection covers.
    if (now - idle.since > std::chrono::seconds(1)) {
      pollfd p{idle.stream->socket().native_handle(), POLLIN, 0};
      if (::poll(&p, 1, 0) != 0) continue;
    }
    return std::move(idle.stream);
  }
  return nullptr;
}

void UpstreamConnections::give(const std::string& key, std::unique_ptr<TimedSocket> stream) {
  auto& list = idle_[key];
  if (list.size() >= max_idle_) list.erase(list.begin());
  list.push_back(Idle{std::move(stream), std::chrono::steady_clock::now()});
}

net::awaitable<std::unique_ptr<TimedSocket>> connect_upstream(const config::HostPort& address,
                                                              const std::chrono::milliseconds& timeout,
                                                              SocketRegistry& registry, error_code& ec) {
  auto ex = co_await net::this_coro::executor;
  auto stream = std::make_unique<TimedSocket>(tcp::socket(ex), registry);
  auto ip = net::ip::make_address(address.host, ec);
  std::vector<tcp::endpoint> endpoints;
  if (!ec) {
    endpoints.emplace_back(ip, address.port);
  } else {
    // A host name (compose, Kubernetes service names): resolve it.
    tcp::resolver resolver(ex);
    ec = {};
    const std::string port = std::to_string(address.port);
    auto results = co_await resolver.async_resolve(address.host, port, net::redirect_error(net::use_awaitable, ec));
    if (ec) co_return nullptr;
    for (const auto& r : results)
      endpoints.push_back(r.endpoint());
  }
  stream->arm(timeout);
  for (const auto& endpoint : endpoints) {
    co_await stream->async_connect(endpoint, net::redirect_error(net::use_awaitable, ec));
    if (!ec) break;
    stream->close();
  }
  if (ec) co_return nullptr;
  stream->socket().set_option(tcp::no_delay(true), ec);
  stream->socket().non_blocking(true, ec);  // send_all() tries sends at once
  ec = {};
  co_return stream;
}

namespace {

bool is_idempotent(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "PUT" || method == "DELETE";
}

bool wants_upgrade(const Request& request) {
  return !request.headers.get("Upgrade").empty() &&
         util::to_lower(request.headers.get("Connection")).find("upgrade") != std::string::npos;
}

Response upstream_error(ServerMetrics& m, const std::string& service, const error_code& ec,
                        std::string_view request_id) {
  if (ec == beast::error::timeout) {
    m.upstream_timeouts.inc();
    return error_response(ErrorCode::kGatewayTimeout, "upstream " + service + " timed out", request_id);
  }
  m.upstream_errors.inc();
  return error_response(ErrorCode::kBadGateway, "upstream " + service + " unavailable", request_id);
}

// Copies bytes from one socket to the other until either side ends or fails.
net::awaitable<void> pump(TimedSocket& from, TimedSocket& to, char* buffer) {
  while (true) {
    error_code ec;
    std::size_t n =
        co_await from.async_read_some(net::buffer(buffer, kChunk), net::redirect_error(net::use_awaitable, ec));
    if (ec) break;
    co_await net::async_write(to, net::buffer(buffer, n), net::redirect_error(net::use_awaitable, ec));
    if (ec) break;
  }
}

// After a 101: what each side already sent past the headers goes first, then bytes flow both ways
// until one side closes, when both are closed.
net::awaitable<std::uint64_t> tunnel(Conn& conn, TimedSocket& up, beast::flat_buffer& upstream_buffer,
                                     const ClassTimeouts& t) {
  error_code ec;
  conn.stream.arm(t.write);
  up.arm(t.upstream);
  if (upstream_buffer.size() > 0) {
    co_await net::async_write(conn.stream, upstream_buffer.data(), net::redirect_error(net::use_awaitable, ec));
    upstream_buffer.consume(upstream_buffer.size());
  }
  if (!ec && conn.buffer.size() > 0) {
    co_await net::async_write(up, conn.buffer.data(), net::redirect_error(net::use_awaitable, ec));
    conn.buffer.consume(conn.buffer.size());
  }
  if (ec) co_return 0;
  conn.stream.arm(t.read);
  ChunkBuffer down_buffer(conn.metrics.body_buffer_bytes);
  ChunkBuffer up_buffer(conn.metrics.body_buffer_bytes);
  auto executor = co_await net::this_coro::executor;
  net::steady_timer other_done(executor, std::chrono::steady_clock::time_point::max());
  bool downstream_finished = false;
  net::co_spawn(executor, pump(up, conn.stream, down_buffer.data()), [&](std::exception_ptr) {
    downstream_finished = true;
    conn.stream.cancel();
    up.cancel();
    other_done.cancel();
  });
  co_await pump(conn.stream, up, up_buffer.data());
  conn.stream.cancel();
  up.cancel();
  if (!downstream_finished) co_await other_done.async_wait(net::redirect_error(net::use_awaitable, ec));
  co_return 0;
}

}  // namespace

net::awaitable<Exchange> proxy_exchange(Conn& conn, ArenaRequestParser<bhttp::empty_body>& header, Request& request,
                                        const ProxyTarget& target) {
  ExchangeArena& arena = *conn.arena;
  const ClassTimeouts& t = timeouts_for(conn.options, target.route_class);
  Upstream& upstream = *target.upstream;
  const bool has_body = !header.is_done();
  const bool head = request.method == "HEAD";
  const bool upgrade = target.route_class == RouteClass::kStream && wants_upgrade(request) && !has_body;
  const bool client_http10 = header.get().version() < 11;
  bool client_keep = header.keep_alive() && !conn.stopping;

  auto content_length = header.content_length();
  if (has_body && content_length && *content_length > target.max_body) {
    Response local =
        error_response(ErrorCode::kPayloadTooLarge,
                       "request body exceeds " + std::to_string(target.max_body) + " bytes", request.ctx.request_id);
    co_return co_await answer_locally(conn, request, local, client_keep, target.route_class, true);
  }

  // The upstream request header: the dispatcher's rewritten headers minus hop-by-hop ones, with the
  // framing of the original message. An upgrade keeps the headers that ask for it.
  ArenaRequest<bhttp::buffer_body> out(std::piecewise_construct, std::make_tuple(), arena.fields());
  out.method_string(header.get().method_string());
  out.target(header.get().target());
  out.version(11);
  for (const auto& h : request.headers) {
    if (is_hop_by_hop(h.name) || util::iequals(h.name, "host") || util::iequals(h.name, "expect")) continue;
    out.insert(h.name, h.value);
  }
  if (header.chunked()) {
    out.chunked(true);
  } else if (content_length) {
    out.content_length(*content_length);
  }
  if (upgrade) {
    out.set(bhttp::field::connection, "Upgrade");
    out.set(bhttp::field::upgrade, request.headers.get("Upgrade"));
  } else {
    out.keep_alive(true);
  }

  ChunkBuffer chunk(conn.metrics.body_buffer_bytes);
  // Room for a typical response header and small body in one recv (a flat_buffer reads no more than
  // its capacity); streamed bodies get a whole chunk below.
  ReusedReadBuffer reused_buffer(conn.options.header_limit + kChunk);
  beast::flat_buffer& upstream_buffer = reused_buffer.get();
  std::optional<GaugeHold> upstream_buffer_hold;
  std::optional<ArenaRequestParser<bhttp::buffer_body>> body;
  std::optional<GaugeHold> client_buffer_hold;
  if (has_body) {
    body.emplace(std::move(header));
    body->body_limit(target.max_body);
    conn.buffer.reserve(kChunk);
    client_buffer_hold.emplace(conn.metrics.body_buffer_bytes, kChunk);
  }
  auto body_unread = [&] { return body && !body->is_done(); };

  const bool may_retry = is_idempotent(request.method);
  std::pmr::string wire(arena.allocator());  // a header as it goes out
  std::unique_ptr<TimedSocket> up;
  std::optional<ArenaResponseParser<bhttp::buffer_body>> rp;
  const std::string* key = nullptr;  // the address as "host:port"
  bool continue_sent = false;
  bool fresh_only = false;  // after a pooled connection failed under a sent request
  error_code ec;
  for (int attempt = 0;; ++attempt) {
    // Phase 1: a connection and the request header.
    std::optional<bhttp::request_serializer<bhttp::buffer_body, ArenaFields>> sr;
    std::optional<std::size_t> failed_index;
    bool reused = false;
    for (int refused = 0, stale = 0;;) {
      std::size_t index = upstream.pick(failed_index);
      const auto& address = upstream.address(index);
      key = &upstream.key(index);
      up = fresh_only ? nullptr : conn.upstreams.take(*key);
      reused = up != nullptr;
      if (!up) up = co_await connect_upstream(address, conn.options.connect_timeout, conn.upstreams.registry(), ec);
      if (!up) {
        if (!may_retry || refused >= 1) {
          log::warn("upstream unreachable", {{"upstream", upstream.name()},
                                             {"address", *key},
                                             {"error", ec.message()},
                                             {"requestId", request.ctx.request_id}});
          Response local = upstream_error(conn.metrics, upstream.name(), ec, request.ctx.request_id);
          co_return co_await answer_locally(conn, request, local, client_keep, target.route_class, body_unread());
        }
        ++refused;
        failed_index = index;
        conn.metrics.upstream_retries.inc();
        continue;
      }
      out.set(bhttp::field::host, *key);
      up->arm(t.upstream);
      if (has_body) {
        out.body().data = nullptr;
        out.body().more = true;
        sr.emplace(out);
        co_await bhttp::async_write_header(*up, *sr, net::redirect_error(net::use_awaitable, ec));
      } else {
        wire.clear();
        render_header(wire, out);
        const std::array<net::const_buffer, 2> pieces{net::buffer(wire.data(), wire.size()), net::const_buffer()};
        co_await send_all(*up, pieces, ec);
      }
      if (!ec) break;
      up.reset();
      sr.reset();
      if (reused && ++stale < 8) continue;  // a stale pooled connection says nothing about the upstream
      Response local = upstream_error(conn.metrics, upstream.name(), ec, request.ctx.request_id);
      co_return co_await answer_locally(conn, request, local, client_keep, target.route_class, body_unread());
    }

    // Phase 2: the request body, piece by piece. If the upstream stops taking it (it answered
    // early, or died), its answer — if any — is read next.
    if (has_body && !continue_sent && util::iequals(request.headers.get("Expect"), "100-continue")) {
      continue_sent = true;
      bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
      conn.stream.arm(t.write);
      co_await bhttp::async_write(conn.stream, cont, net::use_awaitable);
    }
    bool upstream_stopped_reading = false;
    while (has_body && !sr->is_done()) {
      std::size_t n = 0;
      if (!body->is_done()) {
        body->get().body().data = chunk.data();
        body->get().body().size = kChunk;
        conn.stream.arm(t.read);
        co_await bhttp::async_read_some(conn.stream, conn.buffer, *body, net::redirect_error(net::use_awaitable, ec));
        if (ec == bhttp::error::need_buffer) ec = {};
        if (ec == bhttp::error::body_limit) {
          Response local = error_response(ErrorCode::kPayloadTooLarge,
                                          "request body exceeds " + std::to_string(target.max_body) + " bytes",
                                          request.ctx.request_id);
          co_return co_await answer_locally(conn, request, local, client_keep, target.route_class, true);
        }
        if (ec) throw boost::system::system_error(ec);  // the client went away mid-body
        n = kChunk - body->get().body().size;
      }
      if (n == 0 && !body->is_done()) continue;
      out.body().data = n ? chunk.data() : nullptr;
      out.body().size = n;
      out.body().more = !body->is_done();
      up->arm(t.upstream);
      co_await bhttp::async_write(*up, *sr, net::redirect_error(net::use_awaitable, ec));
      if (ec == bhttp::error::need_buffer) ec = {};
      if (ec) {
        upstream_stopped_reading = true;
        break;
      }
    }

    // Phase 3: the response header, skipping interim 1xx answers (but not a 101 we asked for).
    bool got_header = false;
    while (true) {
      rp.emplace(std::piecewise_construct, std::make_tuple(), arena.fields());
      rp->header_limit(static_cast<std::uint32_t>(conn.options.header_limit));
      rp->body_limit(boost::none);
      if (head) rp->skip(true);
      up->arm(t.upstream);
      co_await read_parsed(*up, upstream_buffer, *rp, ReadUntil::kHeader, ec);
      if (ec) break;
      got_header = true;
      int status = static_cast<int>(rp->get().result_int());
      if (status >= 200 || (status == 101 && upgrade)) break;
    }
    if (got_header && !ec) break;
    // A pooled connection the upstream had closed fails here, before any byte of an answer: for a
    // request that can be sent again, send it again on a fresh connection.
    if (reused && !has_body && may_retry && upstream_buffer.size() == 0 && ec != beast::error::timeout &&
        attempt == 0) {
      conn.metrics.upstream_retries.inc();
      fresh_only = true;
      continue;
    }
    log::warn(upstream_stopped_reading ? "upstream failed during request body" : "upstream gave no response",
              {{"upstream", upstream.name()}, {"error", ec.message()}, {"requestId", request.ctx.request_id}});
    Response local = upstream_error(conn.metrics, upstream.name(), ec, request.ctx.request_id);
    co_return co_await answer_locally(conn, request, local, client_keep, target.route_class, body_unread());
  }

  // Phase 4: the response. The upstream's fields go across as they are (minus hop-by-hop ones);
  // what the dispatcher adds replaces any field of the same name.
  auto& in = rp->get();
  const int status = static_cast<int>(in.result_int());
  if (body_unread()) client_keep = false;  // the upstream answered before taking the whole body
  Headers added;
  if (in.find("X-Request-Id") == in.end()) added.add("X-Request-Id", request.ctx.request_id);
  conn.dispatcher.finish(request, added, status);

  ArenaResponse<bhttp::buffer_body> down(std::piecewise_construct, std::make_tuple(), arena.fields());
  down.result(static_cast<unsigned>(status));
  down.reason(in.reason());
  down.version(11);
  for (const auto& f : in) {
    if (!is_hop_by_hop(f.name_string())) down.insert(f.name(), f.name_string(), f.value());
  }
  for (const auto& h : added)
    down.set(h.name, h.value);
  if (status == 101) {
    down.set(bhttp::field::connection, "Upgrade");
    down.set(bhttp::field::upgrade, in[bhttp::field::upgrade]);
    bhttp::response_serializer<bhttp::buffer_body, ArenaFields> hsr{down};
    conn.stream.arm(t.write);
    co_await bhttp::async_write_header(conn.stream, hsr, net::use_awaitable);
    co_await tunnel(conn, *up, upstream_buffer, t);
    co_return Exchange{status, 0, false};  // the connection was the tunnel's; never pooled
  }

  const bool bodiless = head || status == 204 || status == 304;
  if (head) {
    if (auto cl = rp->content_length()) down.content_length(*cl);
  } else if (!bodiless) {
    if (rp->content_length() && !rp->chunked()) {
      down.content_length(*rp->content_length());
    } else if (client_http10) {
      client_keep = false;  // no chunked coding for HTTP/1.0: the body ends when the connection does
    } else {
      down.chunked(true);
    }
  }
  down.keep_alive(client_keep);
  down.body().data = nullptr;
  down.body().more = !bodiless && !rp->is_done();

  // A small body of known length is read before anything is written, so header and body leave in
  // one write (most API answers); anything else streams after the header.
  Exchange result{status, 0, client_keep};
  const auto small = rp->content_length();
  if (!bodiless && !rp->chunked() && small && *small <= kChunk) {
    rp->get().body().data = chunk.data();
    rp->get().body().size = kChunk;
    up->arm(t.upstream);
    co_await read_parsed(*up, upstream_buffer, *rp, ReadUntil::kMessage, ec);
    if (ec) {
      log::warn("upstream failed during response body",
                {{"upstream", upstream.name()}, {"error", ec.message()}, {"requestId", request.ctx.request_id}});
      Response local = upstream_error(conn.metrics, upstream.name(), ec, request.ctx.request_id);
      co_return co_await answer_locally(conn, request, local, client_keep, target.route_class, body_unread());
    }
    const std::size_t have = kChunk - rp->get().body().size;
    wire.clear();
    render_header(wire, down);
    const std::array<net::const_buffer, 2> pieces{net::buffer(wire.data(), wire.size()),
                                                  net::buffer(chunk.data(), have)};
    conn.stream.arm(t.write);
    co_await send_all(conn.stream, pieces, ec);
    if (ec) throw boost::system::system_error(ec);  // the client went away
    result.bytes_out = have;
    if (rp->keep_alive() && !upgrade) conn.upstreams.give(*key, std::move(up));
    if (body_unread()) co_await lingering_close(conn);
    co_return result;
  }

  // A streamed body: room for whole chunks in the read buffer, or every few kilobytes would cost a
  // wake-up and a recv.
  upstream_buffer.reserve(kChunk);
  upstream_buffer_hold.emplace(conn.metrics.body_buffer_bytes, kChunk);
  bhttp::response_serializer<bhttp::buffer_body, ArenaFields> dsr{down};
  conn.stream.arm(t.write);
  co_await bhttp::async_write_header(conn.stream, dsr, net::use_awaitable);

  if (bodiless) {
    if (rp->is_done() && rp->keep_alive()) conn.upstreams.give(*key, std::move(up));
  } else {
    while (!dsr.is_done()) {
      std::size_t n = 0;
      if (!rp->is_done()) {
        rp->get().body().data = chunk.data();
        rp->get().body().size = kChunk;
        up->arm(t.upstream);
        co_await bhttp::async_read_some(*up, upstream_buffer, *rp, net::redirect_error(net::use_awaitable, ec));
        if (ec == bhttp::error::need_buffer) ec = {};
        if (ec) {
          // The header is out, so the only honest signal left is a truncated message.
          log::warn("upstream failed during response body",
                    {{"upstream", upstream.name()}, {"error", ec.message()}, {"requestId", request.ctx.request_id}});
          if (ec == beast::error::timeout) {
            conn.metrics.upstream_timeouts.inc();
          } else {
            conn.metrics.upstream_errors.inc();
          }
          result.keep_alive = false;
          co_return result;
        }
        n = kChunk - rp->get().body().size;
      }
      if (n == 0 && !rp->is_done()) continue;
      down.body().data = n ? chunk.data() : nullptr;
      down.body().size = n;
      down.body().more = !rp->is_done();
      result.bytes_out += n;
      conn.stream.arm(t.write);
      co_await bhttp::async_write(conn.stream, dsr, net::redirect_error(net::use_awaitable, ec));
      if (ec == bhttp::error::need_buffer) ec = {};
      if (ec) throw boost::system::system_error(ec);  // the client went away
    }
    if (rp->keep_alive() && !upgrade) conn.upstreams.give(*key, std::move(up));
  }
  if (body_unread()) co_await lingering_close(conn);
  co_return result;
}

}  // namespace hub::http::detail
