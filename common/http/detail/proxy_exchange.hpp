#pragma once
// One exchange relayed to an upstream, with both bodies streamed through one fixed buffer (see
// proxy_exchange.cpp). An object with one method per phase: connect and send the request header,
// relay the request body, read the response header, relay the response.
#include <memory>
#include <memory_resource>
#include <optional>
#include <string>

#include "common/http/detail/buffers.hpp"
#include "common/http/detail/connection.hpp"
#include "common/http/detail/timed_socket.hpp"

namespace hub::http::detail {

class ProxyExchange {
 public:
  ProxyExchange(Conn& conn, ArenaRequestParser<bhttp::empty_body>& header, Request& request, const ProxyTarget& target);
  ProxyExchange(const ProxyExchange&) = delete;
  ProxyExchange& operator=(const ProxyExchange&) = delete;

  // Relays the exchange; a failure before the response header began is answered here instead
  // (502, 504, 413). Throws when the client went away.
  net::awaitable<Exchange> run();

 private:
  // The upstream request header of a request with a body, as a Beast message for the serializer:
  // the dispatcher's rewritten headers minus hop-by-hop ones, with the framing of the original.
  void build_request_header();
  // Phase 1: a connection (pooled or fresh, retrying a refused connect for an idempotent request)
  // and the request header on it. False when it failed for good (`instead_` says the answer).
  net::awaitable<bool> send_request_header();
  // Phase 2: the request body, piece by piece, and the 100 Continue the client waits for. False
  // when the client's body broke a limit (`instead_`); an upstream that stops taking the body is
  // noted, and its answer, if any, read next.
  net::awaitable<bool> send_request_body();
  // Phase 3: the response header, skipping interim 1xx answers (but not a 101 we asked for).
  net::awaitable<bool> read_response_header();
  // Phase 4: the response, small ones in one write, others streamed; a 101 becomes a tunnel.
  net::awaitable<Exchange> relay_response();
  // The response header as a Beast message (down_), for a streamed body or an upgrade.
  void build_response_header(int status);
  // A small body of known length, read whole before anything is written, so header and body leave
  // in one write (most API answers).
  net::awaitable<Exchange> relay_small_response();
  // Anything else: the header, then the body piece by piece as it arrives.
  net::awaitable<Exchange> relay_streamed_response();
  // The answer given instead of the upstream's.
  net::awaitable<Exchange> answer_instead();
  void fail_upstream(const error_code& ec);
  bool body_unread() const { return body_ && !body_->is_done(); }

  Conn& conn_;
  ArenaRequestParser<bhttp::empty_body>& header_;
  Request& request_;
  const ProxyTarget& target_;
  const ClassTimeouts& timeouts_;
  const bool has_body_;
  const bool head_;
  const bool upgrade_;
  const bool client_http10_;
  const bool may_retry_;
  bool client_keep_;

  ArenaRequest<bhttp::buffer_body> out_;
  std::optional<bhttp::request_serializer<bhttp::buffer_body, ArenaFields>> request_serializer_;
  std::optional<ArenaRequestParser<bhttp::buffer_body>> body_;
  std::optional<ArenaResponseParser<bhttp::buffer_body>> response_;
  std::optional<ArenaResponse<bhttp::buffer_body>> down_;  // the response header to the client
  Headers added_;                                          // what the dispatcher adds to the response
  ChunkBuffer chunk_;
  // Room for a typical response header and small body in one recv (a flat_buffer reads no more than
  // its capacity); streamed bodies get a whole chunk.
  ReusedReadBuffer upstream_buffer_;
  std::optional<GaugeHold> upstream_buffer_hold_;
  std::optional<GaugeHold> client_buffer_hold_;
  std::pmr::string wire_;  // a header as it goes out

  std::unique_ptr<TimedSocket> up_;
  const std::string* key_ = nullptr;  // the upstream address as "host:port"
  bool reused_ = false;               // up_ came from the pool
  bool fresh_only_ = false;           // after a pooled connection failed under a sent request
  bool continue_sent_ = false;
  bool upstream_stopped_reading_ = false;
  bool bodiless_ = false;      // the response has no body (HEAD, 204, 304)
  bool cut_by_drain_ = false;  // a stream ended by the server's drain (Conn::end_stream)
  error_code ec_;
  std::optional<Response> instead_;
  Exchange result_;  // (members, not parameters: see on_pool.hpp on GCC 12 and coroutines)
};

}  // namespace hub::http::detail
