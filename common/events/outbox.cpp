#include "common/events/outbox.hpp"

namespace hub::events {

std::string outbox_channel(std::string_view schema) {
  return "hub_outbox_" + std::string(schema);
}

void append(pqxx::work& tx, std::string_view schema, const Envelope& event) {
  const std::string table = tx.quote_name(std::string(schema)) + ".outbox";
  // One round trip; the notification names the row, so the relay reads from there instead of from
  // the start of the unsent rows (relay.hpp says why that matters).
  tx.exec_params("WITH added AS (INSERT INTO " + table +
                     " (event_id, type, payload) VALUES ($1::uuid, $2, $3::jsonb) RETURNING id) "
                     "SELECT pg_notify($4, added.id::text) FROM added",
                 event.id, event.type, event.to_json(), outbox_channel(schema));
}

}  // namespace hub::events
