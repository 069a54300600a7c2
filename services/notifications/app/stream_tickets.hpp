#pragma once
// Stream tickets: a browser's way to open a live stream, since EventSource and WebSocket cannot set
// an Authorization header. A signed-in user gets one; it opens one stream of theirs, once, within
// its lifetime. Only its SHA-256 is stored.
#include <chrono>
#include <string>
#include <string_view>

#include "common/service/service.hpp"

namespace hub::notifications {

struct StreamTicket {
  std::string ticket;      // shown once
  std::string expires_at;  // RFC 3339, UTC
};

StreamTicket issue_stream_ticket(service::Context& ctx, const std::string& user_id, std::chrono::milliseconds ttl);

// The user the ticket was issued to, and the ticket is used up. 401 for a ticket that is malformed,
// unknown, already used or expired.
std::string redeem_stream_ticket(service::Context& ctx, std::string_view ticket);

}  // namespace hub::notifications
