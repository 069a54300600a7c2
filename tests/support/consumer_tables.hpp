#pragma once
// The tables a consuming service keeps for itself, made for a test consumer in its own schema, and
// the one-number queries the event tests assert on.
#include <pqxx/pqxx>
#include <string>

namespace hub::test {

inline long long scalar(const std::string& url, const std::string& sql) {
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  return tx.exec(sql)[0][0].as<long long>();
}

// <schema>.processed_events, as every consuming service has it, and <schema>.effects: one row per
// event handled, so a test can count effects per event.
inline void consumer_schema(const std::string& url, const std::string& schema) {
  pqxx::connection c(url);
  pqxx::work tx(c);
  tx.exec("CREATE SCHEMA " + schema);
  tx.exec("CREATE TABLE " + schema +
          ".processed_events (event_id uuid PRIMARY KEY, processed_at timestamptz NOT NULL DEFAULT now())");
  tx.exec("CREATE TABLE " + schema + ".effects (event_id uuid NOT NULL, consumer text NOT NULL)");
  tx.commit();
}

}  // namespace hub::test
