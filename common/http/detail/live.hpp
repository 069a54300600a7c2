#pragma once
// Live streams (message.hpp, LiveFeed): a response that goes on after its handler returned, served
// on the session's I/O thread without holding a worker (live.cpp).
#include "common/http/detail/connection.hpp"
#include "common/http/detail/exchange_log.hpp"

namespace hub::http::detail {

// Whether the request's header asks for a WebSocket upgrade (RFC 6455 §4.2.1: a GET with Upgrade:
// websocket, Connection: upgrade, a key and version 13).
bool is_websocket_upgrade(const ArenaRequest<bhttp::empty_body>& header);

// Serves response.live (a WebSocket route accepts the upgrade first, from `header`) until the feed
// ends, the client goes away or the server drains; the connection ends with the stream. Calls the
// feed's on_closed() whatever happens, and throws only before anything was written.
net::awaitable<Exchange> serve_live(Conn& conn, const ArenaRequest<bhttp::empty_body>& header, const Request& request,
                                    Response& response, const HandlerOptions& options);

}  // namespace hub::http::detail
