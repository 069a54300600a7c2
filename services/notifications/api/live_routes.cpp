// Live streams of the inbox (docs/live.md): a signed-in user's new items pushed as they are
// committed, over Server-Sent Events or WebSocket, resumable from the last id seen, on whichever
// replica the client reaches. Browsers, which cannot set headers on these, open them with a
// single-use ticket.
#include "services/notifications/api/live_routes.hpp"

#include <memory>

#include "common/http/handler_support.hpp"
#include "common/json/json.hpp"
#include "services/notifications/api/live_feed.hpp"
#include "services/notifications/app/live_hub.hpp"
#include "services/notifications/app/stream_tickets.hpp"
#include "services/notifications/domain/live_position.hpp"

namespace hub::notifications {
namespace {

struct Live {
  service::Context& ctx;
  std::shared_ptr<LiveHub> hub;
  std::chrono::milliseconds heartbeat;
  std::chrono::milliseconds ticket_ttl;
};

// Whose stream this is: the gateway's signed identity (a token), or else a stream ticket.
std::string stream_user(const Live& live, const http::Request& req) {
  if (const access::Identity* who = http::caller(req); who != nullptr && !who->anonymous()) return who->user_id;
  if (auto ticket = req.query_param("ticket")) return redeem_stream_ticket(live.ctx, *ticket);
  throw ApiError(ErrorCode::kUnauthorized,
                 "authentication required: a token, or ?ticket= from POST /api/notifications/stream-ticket");
}

// The id of the last item the client saw: SSE's Last-Event-ID header (what EventSource sends when it
// reconnects), else ?lastEventId=.
std::optional<std::int64_t> last_seen(const http::Request& req) {
  std::optional<std::string> text;
  if (const std::string* header = req.headers.find("Last-Event-ID")) {
    text = *header;
  } else {
    text = req.query_param("lastEventId");
  }
  if (!text) return std::nullopt;
  return parse_last_event_id(*text).or_throw();
}

http::Response open_stream(const Live& live, http::Request& req, StreamFeed::Format format) {
  const std::string user_id = stream_user(live, req);
  const std::int64_t start = live.hub->start_position(user_id, last_seen(req));
  auto feed = std::make_shared<StreamFeed>(format, user_id, start, live.hub, live.heartbeat);
  live.hub->open(user_id, feed);
  live.hub->first_catch_up(user_id, *feed, req.ctx.request_id);
  http::Response res;
  res.live = std::move(feed);
  return res;
}

http::Response stream_ticket(const Live& live, http::Request& req) {
  const access::Identity& who = http::require_user(req);
  const StreamTicket ticket = issue_stream_ticket(live.ctx, who.user_id, live.ticket_ttl);
  json::Writer w;
  w.begin_object().field("ticket", ticket.ticket).field("expiresAt", ticket.expires_at).end_object();
  http::Response res = http::Response::json(200, w.str());
  res.headers.set("Cache-Control", "no-store");
  return res;
}

}  // namespace

void install_live_routes(service::Context& ctx, http::RouteDispatcher& routes, const NotificationsConfig& config) {
  LiveOptions options;
  options.redis_url = ctx.settings.redis_url;
  options.catch_up_interval = config.live_heartbeat;
  options.streams_per_user = config.live_streams_per_user;
  options.read_check_ttl = config.live_read_check_ttl;
  auto auth = std::make_shared<const service::Peer>("notifications", "auth", config.auth_addresses, ctx.signer);
  auto live = std::make_shared<Live>(
      Live{ctx, std::make_shared<LiveHub>(ctx.db, auth, options), config.live_heartbeat, config.live_ticket_ttl});

  routes.add("POST", "/api/notifications/stream-ticket", [live](http::Request& r) { return stream_ticket(*live, r); },
             {.signed_in = true});
  http::HandlerOptions stream;
  stream.route_class = http::RouteClass::kStream;
  stream.max_body = 0;
  routes.add(
      "GET", "/api/notifications/stream",
      [live](http::Request& r) { return open_stream(*live, r, StreamFeed::Format::kSse); }, stream);
  http::HandlerOptions websocket = stream;
  websocket.websocket = true;
  routes.add(
      "GET", "/api/notifications/ws",
      [live](http::Request& r) { return open_stream(*live, r, StreamFeed::Format::kWebSocket); }, websocket);
}

}  // namespace hub::notifications
