#include "services/notifications/app/stream_tickets.hpp"

#include <sodium.h>

#include "common/crypto/sha256.hpp"
#include "common/db/transaction.hpp"
#include "services/notifications/store/ticket_store.hpp"

namespace hub::notifications {
namespace {

constexpr std::string_view kPrefix = "st_";
constexpr std::size_t kRandomBytes = 32;

// "st_" and 64 hex digits: anything else was never issued, and is refused before the database.
bool well_formed(std::string_view ticket) {
  if (ticket.size() != kPrefix.size() + 2 * kRandomBytes || !ticket.starts_with(kPrefix)) return false;
  for (char c : ticket.substr(kPrefix.size())) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

ApiError refused() {
  return ApiError(ErrorCode::kInvalidCredentials, "the stream ticket is invalid, used or expired; ask for a new one");
}

}  // namespace

StreamTicket issue_stream_ticket(service::Context& ctx, const std::string& user_id, std::chrono::milliseconds ttl) {
  unsigned char bytes[kRandomBytes];
  randombytes_buf(bytes, sizeof bytes);
  char hex[2 * kRandomBytes + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  StreamTicket t;
  t.ticket = std::string(kPrefix) + hex;
  const std::string hash = crypto::sha256_hex(t.ticket);
  t.expires_at = db::transact(ctx.db, [&](pqxx::work& tx) { return insert_stream_ticket(tx, hash, user_id, ttl); });
  return t;
}

std::string redeem_stream_ticket(service::Context& ctx, std::string_view ticket) {
  if (!well_formed(ticket)) throw refused();
  const std::string hash = crypto::sha256_hex(ticket);
  const auto taken = db::transact(ctx.db, [&](pqxx::work& tx) { return take_stream_ticket(tx, hash); });
  if (!taken || taken->expired) throw refused();
  return taken->user_id;
}

}  // namespace hub::notifications
