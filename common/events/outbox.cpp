#include "common/events/outbox.hpp"

namespace hub::events {

std::string outbox_channel(std::string_view schema) {
  return "hub_outbox_" + std::string(schema);
}

void append(pqxx::work& tx, std::string_view schema, const Envelope& event) {
  const std::string table = tx.quote_name(std::string(schema)) + ".outbox";
  tx.exec_params("INSERT INTO " + table + " (event_id, type, payload) VALUES ($1::uuid, $2, $3::jsonb)", event.id,
                 event.type, event.to_json());
  tx.exec_params("SELECT pg_notify($1, '')", outbox_channel(schema));
}

}  // namespace hub::events
