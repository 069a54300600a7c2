// Live streams (message.hpp, LiveFeed): a handler's feed served on the session's I/O thread, as
// Server-Sent Events or WebSocket messages, holding no worker. One coroutine writes: what the feed
// has when it wakes the session, a heartbeat when the stream was idle for its interval. A second one,
// spawned beside it, reads what the client sends, so that a client going away is noticed at once
// rather than at the next write, and so that on WebSocket its control frames are answered (Beast
// answers pings and the closing handshake while a read is pending). Both have ended before
// serve_live returns: the reader uses the connection's socket, which the session closes next.
#include "common/http/detail/live.hpp"

#include <array>
#include <boost/beast/websocket.hpp>

#include "common/util/strings.hpp"

namespace hub::http::detail {

namespace websocket = beast::websocket;

// Beast's WebSocket stream runs on the session's own TimedSocket, so that the deadline sweeper and
// the shutdown reach it as any other exchange. How to tear that down and close it (Beast finds these
// by argument-dependent lookup): as the TCP socket inside.
void teardown(beast::role_type role, TimedSocket& socket, error_code& ec) {
  websocket::teardown(role, socket.socket(), ec);
}
template <class Handler>
void async_teardown(beast::role_type role, TimedSocket& socket, Handler&& handler) {
  websocket::async_teardown(role, socket.socket(), std::forward<Handler>(handler));
}
void beast_close_socket(TimedSocket& socket) {
  socket.close();
}

bool is_websocket_upgrade(const ArenaRequest<bhttp::empty_body>& header) {
  return websocket::is_upgrade(header);
}

namespace {

using Clock = std::chrono::steady_clock;
using WebSocket = websocket::stream<TimedSocket&, false>;  // no permessage-deflate

// The upgrade, and a closing handshake either side starts, get this long: on a drain, a client that
// never answers our close frame must not hold the process.
constexpr std::chrono::seconds kHandshakeTimeout{5};
// A WebSocket client is expected to send control frames only; anything longer ends its stream.
constexpr std::size_t kMaxClientMessage = 64 * 1024;
// Heartbeat pings a WebSocket client may leave unanswered before it counts as gone: a dead peer whose
// TCP connection has not failed yet.
constexpr int kMaxUnansweredPings = 3;

// What wakes the writer, touched on the session's thread only: the feed (through a post from
// whichever thread it called wake() on), the reader ending, the server draining.
struct LiveState {
  explicit LiveState(const net::any_io_executor& ex) : timer(ex) {}
  net::steady_timer timer;
  bool woken = false;
  bool draining = false;     // the server is draining: send what is ready, then end
  bool reader_done = false;  // the client closed, failed, or was cut off
  int unanswered_pings = 0;
  void wake() {
    woken = true;
    timer.cancel();
  }
};

// The feed's wake(): a post to the session's thread, where the session may have ended meanwhile.
std::function<void()> waker(const std::shared_ptr<LiveState>& state, const net::any_io_executor& ex) {
  return [weak = std::weak_ptr<LiveState>(state), ex] {
    net::post(ex, [weak] {
      if (auto s = weak.lock()) s->wake();
    });
  };
}

// What serve_live holds for the stream's whole life, released whichever way it returns: the drain
// hook, the gauge, and the feed's one on_closed().
class LiveScope {
 public:
  LiveScope(Conn& conn, std::shared_ptr<LiveFeed> feed)
      : conn_(conn), feed_(std::move(feed)), counted_(conn.metrics.live_streams, 1) {}
  ~LiveScope() {
    conn_.end_stream = nullptr;
    feed_->on_closed();
  }
  LiveScope(const LiveScope&) = delete;
  LiveScope& operator=(const LiveScope&) = delete;

 private:
  Conn& conn_;
  std::shared_ptr<LiveFeed> feed_;
  GaugeHold counted_;
};

// The session's end of a stream: the state the writer waits on, attached to the feed and to the
// server's drain.
std::shared_ptr<LiveState> start_state(Conn& conn, LiveFeed& feed, const net::any_io_executor& ex) {
  auto state = std::make_shared<LiveState>(ex);
  state->woken = true;              // what the handler queued goes out at once
  state->draining = conn.stopping;  // a stream that starts during the drain sends what it has and ends
  conn.end_stream = [state] {
    state->draining = true;
    state->wake();
  };
  feed.attach(waker(state, ex));
  return state;
}

// Starts `reader` beside the writer; its end wakes the writer.
template <class Reader>
void spawn_reader(const net::any_io_executor& ex, Reader reader, const std::shared_ptr<LiveState>& state) {
  net::co_spawn(ex, std::move(reader), [state](const std::exception_ptr&) {
    state->reader_done = true;
    state->wake();
  });
}

// Once the writer is done: cuts the reader short and waits for it.
net::awaitable<void> stop_reader(Conn& conn, LiveState& state) {
  conn.stream.cancel();
  while (!state.reader_done) {
    state.timer.expires_at(Clock::time_point::max());
    error_code ec;
    co_await state.timer.async_wait(net::redirect_error(net::use_awaitable, ec));
  }
}

// How one kind of stream writes the messages taken, or a heartbeat: false when the client can no
// longer be written to.
struct LiveWriter {
  std::function<net::awaitable<bool>(const std::vector<std::string>& messages)> messages;
  std::function<net::awaitable<bool>()> heartbeat;
};

// The writer: waits for the feed or the heartbeat's time, writes what it took, and ends when the feed
// ends, the server drains, the reader is done or a write fails. True when the stream can still be
// closed cleanly (the client is there and every write went out).
net::awaitable<bool> pump(LiveFeed& feed, LiveState& state, const LiveWriter& writer) {
  const auto interval = feed.heartbeat_interval();
  auto next_beat = Clock::now() + interval;
  while (true) {
    if (!state.woken) {
      state.timer.expires_at(next_beat);
      error_code ec;
      co_await state.timer.async_wait(net::redirect_error(net::use_awaitable, ec));
    }
    state.woken = false;
    if (state.reader_done) co_return false;
    const LiveFeed::Taken taken = feed.take();
    const auto now = Clock::now();
    bool written = true;
    if (!taken.messages.empty()) {
      written = co_await writer.messages(taken.messages);
      next_beat = now + interval;
    } else if (now >= next_beat) {
      written = co_await writer.heartbeat();
      next_beat = now + interval;
    }
    if (!written) co_return false;
    if (taken.ended || state.draining) co_return true;
  }
}

// Reads and drops whatever an SSE client sends (normally nothing) until it closes or fails.
net::awaitable<void> watch_sse_client(TimedSocket& stream) {
  std::array<char, 512> sink{};
  error_code ec;
  while (!ec)
    co_await stream.async_read_some(net::buffer(sink), net::redirect_error(net::use_awaitable, ec));
}

// One piece of an SSE body: a chunk, or raw bytes for an HTTP/1.0 client (its body ends when the
// connection does).
net::awaitable<bool> write_sse(Conn& conn, const std::string& bytes, bool chunked) {
  error_code ec;
  if (chunked) {
    const auto chunk = bhttp::make_chunk(net::buffer(bytes));  // named: see on_pool.hpp on GCC 12
    co_await net::async_write(conn.stream, chunk, net::redirect_error(net::use_awaitable, ec));
  } else {
    co_await net::async_write(conn.stream, net::buffer(bytes), net::redirect_error(net::use_awaitable, ec));
  }
  co_return !ec;
}

net::awaitable<Exchange> serve_sse(Conn& conn, const Request& request, Response& response, const ClassTimeouts& t) {
  LiveFeed& feed = *response.live;
  Exchange out{response.status, 0, false};
  if (!response.headers.has("Content-Type")) response.headers.set("Content-Type", "text/event-stream");
  // Caches and buffering proxies pass each event on as it comes (X-Accel-Buffering: nginx's word).
  response.headers.set("Cache-Control", "no-cache");
  response.headers.set("X-Accel-Buffering", "no");
  if (!response.headers.has("X-Request-Id")) response.headers.set("X-Request-Id", request.ctx.request_id);
  conn.dispatcher.finish(request, response.headers, response.status);
  const bool chunked = request.version >= 11;
  bhttp::response<bhttp::empty_body> header;
  header.result(static_cast<unsigned>(response.status));
  header.version(11);
  copy_headers(response.headers, header);
  if (chunked) header.chunked(true);
  header.keep_alive(false);  // the stream is the connection's last exchange
  bhttp::response_serializer<bhttp::empty_body> serializer{header};
  conn.stream.arm(t.write);
  co_await bhttp::async_write_header(conn.stream, serializer, net::use_awaitable);

  // From here on nothing throws: the reader must be stopped before returning.
  auto ex = co_await net::this_coro::executor;
  auto state = start_state(conn, feed, ex);
  spawn_reader(ex, watch_sse_client(conn.stream), state);
  LiveWriter writer{[&](const std::vector<std::string>& messages) -> net::awaitable<bool> {
                      std::string bytes;
                      for (const auto& m : messages)
                        bytes += m;
                      out.bytes_out += bytes.size();
                      co_return co_await write_sse(conn, bytes, chunked);
                    },
                    [&]() -> net::awaitable<bool> {
                      const std::string beat = feed.heartbeat();
                      co_return co_await write_sse(conn, beat, chunked);
                    }};
  const bool clean = co_await pump(feed, *state, writer);
  if (clean && chunked) {
    const auto last = bhttp::make_chunk_last();
    error_code ec;
    co_await net::async_write(conn.stream, last, net::redirect_error(net::use_awaitable, ec));
  }
  co_await stop_reader(conn, *state);
  co_return out;
}

// Reads the client's frames (Beast answers pings and the closing handshake meanwhile) and drops its
// messages, until the connection closes or fails.
net::awaitable<void> watch_ws_client(WebSocket& ws, LiveState& state) {
  beast::flat_buffer buffer;
  while (true) {
    error_code ec;
    co_await ws.async_read(buffer, net::redirect_error(net::use_awaitable, ec));
    if (ec) co_return;
    buffer.consume(buffer.size());
    state.unanswered_pings = 0;  // it is there
  }
}

net::awaitable<Exchange> serve_websocket(Conn& conn, const ArenaRequest<bhttp::empty_body>& header,
                                         const Request& request, Response& response, const ClassTimeouts& t) {
  LiveFeed& feed = *response.live;
  Exchange out{101, 0, false};
  if (!response.headers.has("X-Request-Id")) response.headers.set("X-Request-Id", request.ctx.request_id);
  conn.dispatcher.finish(request, response.headers, 101);
  WebSocket ws(conn.stream);
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = kHandshakeTimeout;
  timeouts.idle_timeout = websocket::stream_base::none();  // our heartbeat pings instead
  timeouts.keep_alive_pings = false;
  ws.set_option(timeouts);
  // The 101 carries what the handler and the dispatcher add (X-Request-Id, ...), never framing.
  const Headers& extra = response.headers;
  ws.set_option(websocket::stream_base::decorator([&extra](websocket::response_type& res) {
    for (const auto& h : extra) {
      if (!is_hop_by_hop(h.name) && !util::iequals(h.name, "content-type")) res.set(h.name, h.value);
    }
  }));
  ws.read_message_max(kMaxClientMessage);
  conn.stream.arm(t.write);
  error_code ec;
  co_await ws.async_accept(header, net::redirect_error(net::use_awaitable, ec));
  if (ec) {
    out.status = 400;  // Beast answered the bad handshake itself
    co_return out;
  }
  ws.text(true);

  // From here on nothing throws: the reader must be stopped before returning.
  auto ex = co_await net::this_coro::executor;
  auto state = start_state(conn, feed, ex);
  ws.control_callback([raw = state.get()](websocket::frame_type kind, beast::string_view) {
    if (kind == websocket::frame_type::pong) raw->unanswered_pings = 0;
  });
  spawn_reader(ex, watch_ws_client(ws, *state), state);
  LiveWriter writer{[&](const std::vector<std::string>& messages) -> net::awaitable<bool> {
                      for (const auto& m : messages) {
                        error_code wec;
                        co_await ws.async_write(net::buffer(m), net::redirect_error(net::use_awaitable, wec));
                        if (wec) co_return false;
                        out.bytes_out += m.size();
                      }
                      co_return true;
                    },
                    [&]() -> net::awaitable<bool> {
                      if (state->unanswered_pings >= kMaxUnansweredPings) co_return false;
                      ++state->unanswered_pings;
                      const websocket::ping_data payload;
                      error_code wec;
                      co_await ws.async_ping(payload, net::redirect_error(net::use_awaitable, wec));
                      co_return !wec;
                    }};
  const bool clean = co_await pump(feed, *state, writer);
  if (clean) {
    // Going away on a drain: the client reconnects, to another replica.
    const websocket::close_reason reason(state->draining ? websocket::close_code::going_away
                                                         : websocket::close_code::normal);
    co_await ws.async_close(reason, net::redirect_error(net::use_awaitable, ec));
  }
  co_await stop_reader(conn, *state);
  co_return out;
}

}  // namespace

net::awaitable<Exchange> serve_live(Conn& conn, const ArenaRequest<bhttp::empty_body>& header, const Request& request,
                                    Response& response, const HandlerOptions& options) {
  LiveScope scope(conn, response.live);
  const ClassTimeouts& t = timeouts_for(conn.options, options.route_class);
  if (request.method == "HEAD") {
    response.live.reset();  // the header only: there is no stream to serve
    co_return co_await write_response(conn, request, response, false, options.route_class);
  }
  if (options.websocket) co_return co_await serve_websocket(conn, header, request, response, t);
  co_return co_await serve_sse(conn, request, response, t);
}

}  // namespace hub::http::detail
