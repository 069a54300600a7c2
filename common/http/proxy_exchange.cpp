// Relays one exchange to an upstream with both bodies streamed through one fixed buffer, so a
// transfer of any size holds at most kChunk bytes of body in memory. Framing is preserved: a chunked
// request stays chunked, a Content-Length one keeps its length, and Range and conditional headers
// pass through untouched. Bodies are relayed piece by piece as they arrive (server-sent events are
// not held back), and a WebSocket upgrade on a stream route becomes a two-way byte tunnel.
#include "common/http/detail/proxy_exchange.hpp"

#include <charconv>

#include "common/http/detail/wire.hpp"
#include "common/http/error_response.hpp"
#include "common/log/log.hpp"
#include "common/util/strings.hpp"

namespace hub::http::detail {

namespace {

using namespace std::string_view_literals;

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

Response too_large(std::uint64_t max_body, std::string_view request_id) {
  return error_response(ErrorCode::kPayloadTooLarge, "request body exceeds " + std::to_string(max_body) + " bytes",
                        request_id);
}

bool relayed_request_field(std::string_view name) {
  return !is_hop_by_hop(name) && !util::iequals(name, "host") && !util::iequals(name, "expect");
}

// A request without a body, as it goes upstream: what build_request_header's Beast message would
// render, written straight from the dispatcher's headers. Every Beast field is an allocation and a
// tree insert, and this is every GET the gateway relays.
void render_request_header(std::pmr::string& out, const Request& request, std::string_view host, bool upgrade) {
  out.reserve(1024);  // once, rather than growing through the arena a few times
  out.append(request.method).append(" "sv).append(request.target).append(" HTTP/1.1\r\n"sv);
  for (const auto& h : request.headers) {
    if (relayed_request_field(h.name)) out.append(h.name).append(": "sv).append(h.value).append("\r\n"sv);
  }
  if (upgrade) out.append("Connection: Upgrade\r\nUpgrade: "sv).append(request.headers.get("Upgrade")).append("\r\n"sv);
  out.append("Host: "sv).append(host).append("\r\n\r\n"sv);
}

bool replaced_by(const Headers& added, std::string_view name) {
  for (const auto& h : added) {
    if (util::iequals(h.name, name)) return true;
  }
  return false;
}

// A response with a small body of known length, as it goes to the client: the upstream's fields
// (minus hop-by-hop ones and those the dispatcher replaces), the dispatcher's, then the framing.
template <class Message>
void render_small_response_header(std::pmr::string& out, const Message& in, const Headers& added,
                                  std::uint64_t content_length, bool keep_alive) {
  out.reserve(1024);
  const unsigned status = in.result_int();
  const char code[4] = {static_cast<char>('0' + status / 100 % 10), static_cast<char>('0' + status / 10 % 10),
                        static_cast<char>('0' + status % 10), ' '};
  out.append("HTTP/1.1 "sv).append(code, 4).append(in.reason()).append("\r\n"sv);
  for (const auto& f : in) {
    if (is_hop_by_hop(f.name_string()) || replaced_by(added, f.name_string())) continue;
    out.append(f.name_string()).append(": "sv).append(f.value()).append("\r\n"sv);
  }
  for (const auto& h : added)
    out.append(h.name).append(": "sv).append(h.value).append("\r\n"sv);
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, content_length).ptr;
  out.append("Content-Length: "sv).append(digits, static_cast<std::size_t>(end - digits)).append("\r\n"sv);
  if (!keep_alive) out.append("Connection: close\r\n"sv);
  out.append("\r\n"sv);
}

// Copies bytes from one socket to the other until either side ends or fails, or `cut` is set. A
// cancel() only ends the operation pending at that moment: one that had just completed, its
// handler queued, would go on to the next unless the loop looks at `cut` too.
net::awaitable<void> pump(TimedSocket& from, TimedSocket& to, char* buffer, const bool& cut) {
  while (!cut) {
    error_code ec;
    std::size_t n =
        co_await from.async_read_some(net::buffer(buffer, kChunk), net::redirect_error(net::use_awaitable, ec));
    if (ec || cut) break;
    co_await net::async_write(to, net::buffer(buffer, n), net::redirect_error(net::use_awaitable, ec));
    if (ec) break;
  }
}

// After a 101: what each side already sent past the headers goes first, then bytes flow both ways
// until one side closes, when both are closed.
net::awaitable<void> tunnel(Conn& conn, TimedSocket& up, beast::flat_buffer& upstream_buffer, const ClassTimeouts& t,
                            const bool& cut) {
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
  if (ec) co_return;
  conn.stream.arm(t.read);
  ChunkBuffer down_buffer(conn.metrics.body_buffer_bytes);
  ChunkBuffer up_buffer(conn.metrics.body_buffer_bytes);
  auto executor = co_await net::this_coro::executor;
  net::steady_timer other_done(executor, std::chrono::steady_clock::time_point::max());
  bool downstream_finished = false;
  net::co_spawn(executor, pump(up, conn.stream, down_buffer.data(), cut), [&](const std::exception_ptr&) {
    downstream_finished = true;
    conn.stream.cancel();
    up.cancel();
    other_done.cancel();
  });
  co_await pump(conn.stream, up, up_buffer.data(), cut);
  conn.stream.cancel();
  up.cancel();
  if (!downstream_finished) co_await other_done.async_wait(net::redirect_error(net::use_awaitable, ec));
}

}  // namespace

ProxyExchange::ProxyExchange(Conn& conn, ArenaRequestParser<bhttp::empty_body>& header, Request& request,
                             const ProxyTarget& target)
    : conn_(conn),
      header_(header),
      request_(request),
      target_(target),
      timeouts_(timeouts_for(conn.options, target.route_class)),
      has_body_(!header.is_done()),
      head_(request.method == "HEAD"),
      upgrade_(target.route_class == RouteClass::kStream && wants_upgrade(request) && !has_body_),
      client_http10_(header.get().version() < 11),
      may_retry_(is_idempotent(request.method)),
      client_keep_(header.keep_alive() && !conn.stopping),
      out_(std::piecewise_construct, std::make_tuple(), conn.arena->fields()),
      chunk_(conn.metrics.body_buffer_bytes),
      upstream_buffer_(conn.options.header_limit + kChunk),
      wire_(conn.arena->allocator()) {}

net::awaitable<Exchange> ProxyExchange::run() {
  auto content_length = header_.content_length();
  if (has_body_ && content_length && *content_length > target_.max_body) {
    Response local = too_large(target_.max_body, request_.ctx.request_id);
    co_return co_await answer_locally(conn_, request_, local, client_keep_, target_.route_class, true);
  }
  if (has_body_) {
    build_request_header();
    body_.emplace(std::move(header_));
    body_->body_limit(target_.max_body);
    conn_.buffer.reserve(kChunk);
    client_buffer_hold_.emplace(conn_.metrics.body_buffer_bytes, kChunk);
  }
  for (int attempt = 0;; ++attempt) {
    if (!co_await send_request_header()) co_return co_await answer_instead();
    if (!co_await send_request_body()) co_return co_await answer_instead();
    if (co_await read_response_header()) break;
    // A pooled connection the upstream had closed fails here, before any byte of an answer: for a
    // request that can be sent again, send it again on a fresh connection.
    if (reused_ && !has_body_ && may_retry_ && upstream_buffer_.get().size() == 0 && ec_ != beast::error::timeout &&
        attempt == 0) {
      conn_.metrics.upstream_retries.inc();
      fresh_only_ = true;
      continue;
    }
    log::warn(
        upstream_stopped_reading_ ? "upstream failed during request body" : "upstream gave no response",
        {{"upstream", target_.upstream->name()}, {"error", ec_.message()}, {"requestId", request_.ctx.request_id}});
    fail_upstream(ec_);
    co_return co_await answer_instead();
  }
  co_return co_await relay_response();
}

void ProxyExchange::build_request_header() {
  // An upgrade keeps the headers that ask for it. (Only a request with a body comes here: the
  // serializer frames its body; see render_request_header for the others.)
  out_.method_string(header_.get().method_string());
  out_.target(header_.get().target());
  out_.version(11);
  for (const auto& h : request_.headers) {
    if (relayed_request_field(h.name)) out_.insert(h.name, h.value);
  }
  if (header_.chunked()) {
    out_.chunked(true);
  } else if (auto content_length = header_.content_length()) {
    out_.content_length(*content_length);
  }
  if (upgrade_) {
    out_.set(bhttp::field::connection, "Upgrade");
    out_.set(bhttp::field::upgrade, request_.headers.get("Upgrade"));
  } else {
    out_.keep_alive(true);
  }
}

void ProxyExchange::fail_upstream(const error_code& ec) {
  instead_ = upstream_error(conn_.metrics, target_.upstream->name(), ec, request_.ctx.request_id);
}

net::awaitable<bool> ProxyExchange::send_request_header() {
  Upstream& upstream = *target_.upstream;
  std::optional<std::size_t> failed_index;
  request_serializer_.reset();
  for (int refused = 0, stale = 0;;) {
    std::size_t index = upstream.pick(failed_index);
    key_ = &upstream.key(index);
    up_ = fresh_only_ ? nullptr : conn_.upstreams.take(*key_);
    reused_ = up_ != nullptr;
    if (!up_) {
      up_ = co_await connect_upstream(upstream.address(index), conn_.options.connect_timeout,
                                      conn_.upstreams.registry(), ec_);
    }
    if (!up_) {
      if (!may_retry_ || refused >= 1) {
        log::warn("upstream unreachable", {{"upstream", upstream.name()},
                                           {"address", *key_},
                                           {"error", ec_.message()},
                                           {"requestId", request_.ctx.request_id}});
        fail_upstream(ec_);
        co_return false;
      }
      ++refused;
      failed_index = index;
      conn_.metrics.upstream_retries.inc();
      continue;
    }
    up_->arm(timeouts_.upstream);
    if (has_body_) {
      out_.set(bhttp::field::host, *key_);
      out_.body().data = nullptr;
      out_.body().more = true;
      request_serializer_.emplace(out_);
      co_await bhttp::async_write_header(*up_, *request_serializer_, net::redirect_error(net::use_awaitable, ec_));
    } else {
      wire_.clear();
      render_request_header(wire_, request_, *key_, upgrade_);
      const std::array<net::const_buffer, 2> pieces{net::buffer(wire_.data(), wire_.size()), net::const_buffer()};
      co_await send_all(*up_, pieces, ec_);
    }
    if (!ec_) co_return true;
    up_.reset();
    request_serializer_.reset();
    if (reused_ && ++stale < 8) continue;  // a stale pooled connection says nothing about the upstream
    fail_upstream(ec_);
    co_return false;
  }
}

net::awaitable<bool> ProxyExchange::send_request_body() {
  upstream_stopped_reading_ = false;
  if (!has_body_) co_return true;
  if (!continue_sent_ && util::iequals(request_.headers.get("Expect"), "100-continue")) {
    continue_sent_ = true;
    bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
    conn_.stream.arm(timeouts_.write);
    co_await bhttp::async_write(conn_.stream, cont, net::use_awaitable);
  }
  while (!request_serializer_->is_done()) {
    std::size_t n = 0;
    if (!body_->is_done()) {
      body_->get().body().data = chunk_.data();
      body_->get().body().size = kChunk;
      conn_.stream.arm(timeouts_.read);
      co_await bhttp::async_read_some(conn_.stream, conn_.buffer, *body_, net::redirect_error(net::use_awaitable, ec_));
      if (ec_ == bhttp::error::need_buffer) ec_ = {};
      if (ec_ == bhttp::error::body_limit) {
        instead_ = too_large(target_.max_body, request_.ctx.request_id);
        co_return false;
      }
      if (ec_) throw boost::system::system_error(ec_);  // the client went away mid-body
      n = kChunk - body_->get().body().size;
    }
    if (n == 0 && !body_->is_done()) continue;
    out_.body().data = n ? chunk_.data() : nullptr;
    out_.body().size = n;
    out_.body().more = !body_->is_done();
    up_->arm(timeouts_.upstream);
    co_await bhttp::async_write(*up_, *request_serializer_, net::redirect_error(net::use_awaitable, ec_));
    if (ec_ == bhttp::error::need_buffer) ec_ = {};
    if (ec_) {
      upstream_stopped_reading_ = true;
      break;
    }
  }
  co_return true;
}

net::awaitable<bool> ProxyExchange::read_response_header() {
  while (true) {
    response_.emplace(std::piecewise_construct, std::make_tuple(), conn_.arena->fields());
    response_->header_limit(static_cast<std::uint32_t>(conn_.options.header_limit));
    response_->body_limit(boost::none);
    if (head_) response_->skip(true);
    up_->arm(timeouts_.upstream);
    co_await read_parsed(*up_, upstream_buffer_.get(), *response_, ReadUntil::kHeader, ec_);
    if (ec_) co_return false;
    int status = static_cast<int>(response_->get().result_int());
    if (status >= 200 || (status == 101 && upgrade_)) co_return true;
  }
}

net::awaitable<Exchange> ProxyExchange::answer_instead() {
  co_return co_await answer_locally(conn_, request_, *instead_, client_keep_, target_.route_class, body_unread());
}

net::awaitable<Exchange> ProxyExchange::relay_response() {
  // A stream (server-sent events, a WebSocket tunnel) is open-ended: a drain ends it at once, and
  // its client reconnects to another replica, rather than holding phase one until its deadline.
  struct EndStreamHook {
    Conn& conn;
    ~EndStreamHook() { conn.end_stream = nullptr; }
  } hook{conn_};
  if (target_.route_class == RouteClass::kStream) {
    conn_.end_stream = [this] {
      cut_by_drain_ = true;
      if (up_) up_->cancel();
      conn_.stream.cancel();
    };
  }
  auto& in = response_->get();
  const int status = static_cast<int>(in.result_int());
  if (body_unread()) client_keep_ = false;   // the upstream answered before taking the whole body
  if (conn_.draining) client_keep_ = false;  // a drain that began while the upstream worked
  if (in.find("X-Request-Id") == in.end()) added_.add("X-Request-Id", request_.ctx.request_id);
  conn_.dispatcher.finish(request_, added_, status);

  if (status == 101) {
    build_response_header(status);
    bhttp::response_serializer<bhttp::buffer_body, ArenaFields> hsr{*down_};
    conn_.stream.arm(timeouts_.write);
    co_await bhttp::async_write_header(conn_.stream, hsr, net::use_awaitable);
    co_await tunnel(conn_, *up_, upstream_buffer_.get(), timeouts_, cut_by_drain_);
    co_return Exchange{status, 0, false};  // the connection was the tunnel's; never pooled
  }

  // A small body of known length is read before anything is written, so header and body leave in
  // one write (most API answers); anything else streams after the header.
  bodiless_ = head_ || status == 204 || status == 304;
  const auto small = response_->content_length();
  if (!bodiless_ && !response_->chunked() && small && *small <= kChunk) {
    result_ = Exchange{status, 0, client_keep_};
    co_return co_await relay_small_response();
  }
  build_response_header(status);
  result_ = Exchange{status, 0, client_keep_};
  co_return co_await relay_streamed_response();
}

void ProxyExchange::build_response_header(int status) {
  // The upstream's fields go across as they are (minus hop-by-hop ones); what the dispatcher adds
  // replaces any field of the same name.
  auto& in = response_->get();
  down_.emplace(std::piecewise_construct, std::make_tuple(), conn_.arena->fields());
  auto& down = *down_;
  down.result(static_cast<unsigned>(status));
  down.reason(in.reason());
  down.version(11);
  for (const auto& f : in) {
    if (!is_hop_by_hop(f.name_string())) down.insert(f.name(), f.name_string(), f.value());
  }
  for (const auto& h : added_)
    down.set(h.name, h.value);
  if (status == 101) {
    down.set(bhttp::field::connection, "Upgrade");
    down.set(bhttp::field::upgrade, in[bhttp::field::upgrade]);
    return;
  }
  if (head_) {
    if (auto cl = response_->content_length()) down.content_length(*cl);
  } else if (!bodiless_) {
    if (response_->content_length() && !response_->chunked()) {
      down.content_length(*response_->content_length());
    } else if (client_http10_) {
      client_keep_ = false;  // no chunked coding for HTTP/1.0: the body ends when the connection does
    } else {
      down.chunked(true);
    }
  }
  down.keep_alive(client_keep_);
  down.body().data = nullptr;
  down.body().more = !bodiless_ && !response_->is_done();
}

net::awaitable<Exchange> ProxyExchange::relay_small_response() {
  Exchange& result = result_;
  {
    response_->get().body().data = chunk_.data();
    response_->get().body().size = kChunk;
    up_->arm(timeouts_.upstream);
    co_await read_parsed(*up_, upstream_buffer_.get(), *response_, ReadUntil::kMessage, ec_);
    if (ec_) {
      log::warn(
          "upstream failed during response body",
          {{"upstream", target_.upstream->name()}, {"error", ec_.message()}, {"requestId", request_.ctx.request_id}});
      fail_upstream(ec_);
      co_return co_await answer_instead();
    }
    const std::size_t have = kChunk - response_->get().body().size;
    wire_.clear();
    render_small_response_header(wire_, response_->get(), added_, *response_->content_length(), client_keep_);
    const std::array<net::const_buffer, 2> pieces{net::buffer(wire_.data(), wire_.size()),
                                                  net::buffer(chunk_.data(), have)};
    conn_.stream.arm(timeouts_.write);
    co_await send_all(conn_.stream, pieces, ec_);
    if (ec_) throw boost::system::system_error(ec_);  // the client went away
    result.bytes_out = have;
    if (response_->keep_alive() && !upgrade_) conn_.upstreams.give(*key_, std::move(up_));
    if (body_unread()) co_await lingering_close(conn_);
    co_return result;
  }
}

net::awaitable<Exchange> ProxyExchange::relay_streamed_response() {
  Exchange& result = result_;
  // A streamed body: room for whole chunks in the read buffer, or every few kilobytes would cost a
  // wake-up and a recv.
  auto& down = *down_;
  const bool bodiless = bodiless_;
  beast::flat_buffer& upstream_buffer = upstream_buffer_.get();
  upstream_buffer.reserve(kChunk);
  upstream_buffer_hold_.emplace(conn_.metrics.body_buffer_bytes, kChunk);
  bhttp::response_serializer<bhttp::buffer_body, ArenaFields> dsr{down};
  conn_.stream.arm(timeouts_.write);
  co_await bhttp::async_write_header(conn_.stream, dsr, net::use_awaitable);

  if (bodiless) {
    if (response_->is_done() && response_->keep_alive()) conn_.upstreams.give(*key_, std::move(up_));
  } else {
    while (!dsr.is_done()) {
      if (cut_by_drain_) {  // (as pump() does: the cancel may have found no read pending)
        result.keep_alive = false;
        co_return result;
      }
      std::size_t n = 0;
      if (!response_->is_done()) {
        response_->get().body().data = chunk_.data();
        response_->get().body().size = kChunk;
        up_->arm(timeouts_.upstream);
        co_await bhttp::async_read_some(*up_, upstream_buffer, *response_,
                                        net::redirect_error(net::use_awaitable, ec_));
        if (ec_ == bhttp::error::need_buffer) ec_ = {};
        if (ec_) {
          // The header is out, so the only honest signal left is a truncated message.
          result.keep_alive = false;
          if (cut_by_drain_) co_return result;
          log::warn("upstream failed during response body", {{"upstream", target_.upstream->name()},
                                                             {"error", ec_.message()},
                                                             {"requestId", request_.ctx.request_id}});
          if (ec_ == beast::error::timeout) {
            conn_.metrics.upstream_timeouts.inc();
          } else {
            conn_.metrics.upstream_errors.inc();
          }
          co_return result;
        }
        n = kChunk - response_->get().body().size;
      }
      if (n == 0 && !response_->is_done()) continue;
      down.body().data = n ? chunk_.data() : nullptr;
      down.body().size = n;
      down.body().more = !response_->is_done();
      result.bytes_out += n;
      conn_.stream.arm(timeouts_.write);
      co_await bhttp::async_write(conn_.stream, dsr, net::redirect_error(net::use_awaitable, ec_));
      if (ec_ == bhttp::error::need_buffer) ec_ = {};
      if (ec_) throw boost::system::system_error(ec_);  // the client went away
    }
    if (response_->keep_alive() && !upgrade_) conn_.upstreams.give(*key_, std::move(up_));
  }
  if (body_unread()) co_await lingering_close(conn_);
  co_return result;
}

}  // namespace hub::http::detail
