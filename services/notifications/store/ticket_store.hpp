#pragma once
// Stream tickets (schemas/notifications/120_stream_tickets.sql), kept by their hash.
#include <chrono>
#include <optional>
#include <pqxx/pqxx>
#include <string>

namespace hub::notifications {

// Keeps a new ticket's hash for the user, good for `ttl` from now, and forgets expired tickets.
// Returns when it expires (RFC 3339, UTC).
std::string insert_stream_ticket(pqxx::work& tx, const std::string& ticket_hash, const std::string& user_id,
                                 std::chrono::milliseconds ttl);

struct TakenTicket {
  std::string user_id;
  bool expired = false;
};
// Removes the ticket (it is good once) and says whose it was; nullopt for one never issued or
// already used.
std::optional<TakenTicket> take_stream_ticket(pqxx::work& tx, const std::string& ticket_hash);

}  // namespace hub::notifications
