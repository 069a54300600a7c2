#pragma once
// Schema migrations: schemas/<service>/NNN_description.sql, embedded in the service's binary,
// applied in order under a PostgreSQL advisory lock (so concurrent starts apply each exactly once),
// each in its own transaction, and recorded with a checksum in <schema>.schema_migrations. A landed
// migration is never edited: a changed checksum stops the start.
#include <pqxx/connection>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/util/result.hpp"

namespace hub::db {

struct Migration {
  int version = 0;
  std::string name;  // file name
  std::string_view sql;
};

// From embedded {file name, contents} pairs; refuses names not of the form NNN_word.sql and
// duplicate versions.
Result<std::vector<Migration>> parse_migrations(
    const std::vector<std::pair<std::string_view, std::string_view>>& files);

struct SchemaStatus {
  int applied = 0;   // highest version applied
  int expected = 0;  // highest version this binary knows
  bool current() const { return applied >= expected; }
};

// Applies what is missing. Throws std::runtime_error on a checksum mismatch or a failing migration.
void migrate(pqxx::connection& conn, std::string_view schema, const std::vector<Migration>& migrations);
SchemaStatus schema_status(pqxx::connection& conn, std::string_view schema, const std::vector<Migration>& migrations);

}  // namespace hub::db
