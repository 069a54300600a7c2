#include "services/notifications/store/ticket_store.hpp"

#include "common/db/prepared.hpp"

namespace hub::notifications {
namespace {

constexpr const char* kForgetExpired = "DELETE FROM notifications.stream_tickets WHERE expires_at <= now()";

constexpr const char* kInsert =
    "INSERT INTO notifications.stream_tickets (ticket_hash, user_id, expires_at) "
    "VALUES ($1, $2::uuid, now() + $3::bigint * interval '1 millisecond') "
    "RETURNING to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";

constexpr const char* kTake =
    "DELETE FROM notifications.stream_tickets WHERE ticket_hash = $1 "
    "RETURNING user_id::text, expires_at <= now()";

}  // namespace

std::string insert_stream_ticket(pqxx::work& tx, const std::string& ticket_hash, const std::string& user_id,
                                 std::chrono::milliseconds ttl) {
  db::exec_statement(tx, kForgetExpired);
  const pqxx::result r = db::exec_statement(tx, kInsert, ticket_hash, user_id, static_cast<std::int64_t>(ttl.count()));
  return r[0][0].as<std::string>();
}

std::optional<TakenTicket> take_stream_ticket(pqxx::work& tx, const std::string& ticket_hash) {
  const pqxx::result r = db::exec_statement(tx, kTake, ticket_hash);
  if (r.empty()) return std::nullopt;
  return TakenTicket{r[0][0].as<std::string>(), r[0][1].as<bool>()};
}

}  // namespace hub::notifications
