#include "common/db/migrations.hpp"

#include <algorithm>
#include <map>
#include <pqxx/pqxx>
#include <stdexcept>

#include "common/crypto/sha256.hpp"
#include "common/log/log.hpp"
#include "common/util/strings.hpp"

namespace hub::db {

Result<std::vector<Migration>> parse_migrations(
    const std::vector<std::pair<std::string_view, std::string_view>>& files) {
  std::vector<Migration> out;
  for (const auto& [name, sql] : files) {
    auto underscore = name.find('_');
    if (underscore == std::string_view::npos || !name.ends_with(".sql")) {
      return fail("migration file name must look like 001_description.sql: " + std::string(name));
    }
    auto version = util::parse_uint(name.substr(0, underscore));
    if (!version || *version == 0 || *version > 99999) return fail("bad migration version in " + std::string(name));
    out.push_back(Migration{static_cast<int>(*version), std::string(name), sql});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < out.size(); ++i) {
    if (out[i].version == out[i - 1].version) return fail("two migrations numbered " + std::to_string(out[i].version));
  }
  return out;
}

namespace {

void ensure_bookkeeping(pqxx::connection& conn, const std::string& schema) {
  pqxx::work tx(conn);
  tx.exec("SET LOCAL ROLE NONE");  // as the connecting role, even on a pooled connection
  tx.exec("CREATE SCHEMA IF NOT EXISTS " + tx.quote_name(schema));
  tx.exec("CREATE TABLE IF NOT EXISTS " + tx.quote_name(schema) +
          ".schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, "
          "applied_at timestamptz NOT NULL DEFAULT now())");
  tx.commit();
}

std::map<int, std::string> applied_checksums(pqxx::connection& conn, const std::string& schema) {
  pqxx::read_transaction tx(conn);
  std::map<int, std::string> out;
  for (const auto& row : tx.exec("SELECT version, checksum FROM " + tx.quote_name(schema) + ".schema_migrations")) {
    out[row[0].as<int>()] = row[1].as<std::string>();
  }
  return out;
}

}  // namespace

void migrate(pqxx::connection& conn, std::string_view schema_view, const std::vector<Migration>& migrations) {
  const std::string schema(schema_view);
  {
    pqxx::nontransaction tx(conn);
    tx.exec_params("SELECT pg_advisory_lock(hashtextextended($1, 0))", "hub.migrate." + schema);
  }
  struct Unlock {
    pqxx::connection& conn;
    std::string key;
    ~Unlock() {
      try {
        pqxx::nontransaction tx(conn);
        tx.exec_params("SELECT pg_advisory_unlock(hashtextextended($1, 0))", key);
      } catch (const std::exception&) {
        // The lock is released with the session anyway.
      }
    }
  } unlock{conn, "hub.migrate." + schema};

  ensure_bookkeeping(conn, schema);
  auto applied = applied_checksums(conn, schema);
  for (const auto& m : migrations) {
    std::string checksum = crypto::sha256_hex(m.sql);
    auto it = applied.find(m.version);
    if (it != applied.end()) {
      if (it->second != checksum) {
        throw std::runtime_error("migration " + m.name + " in schema " + schema +
                                 " was changed after it was applied; add a new migration instead");
      }
      continue;
    }
    pqxx::work tx(conn);
    tx.exec("SET LOCAL ROLE NONE");  // migrations act as the connecting role, which owns the schema
    tx.exec("SET LOCAL search_path TO " + tx.quote_name(schema) + ", public");
    try {
      tx.exec(std::string(m.sql));
    } catch (const std::exception& e) {
      throw std::runtime_error("migration " + m.name + " failed: " + e.what());
    }
    tx.exec_params(
        "INSERT INTO " + tx.quote_name(schema) + ".schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
        m.version, m.name, checksum);
    tx.commit();
    log::info("migration applied", {{"schema", schema}, {"migration", m.name}});
  }
}

SchemaStatus schema_status(pqxx::connection& conn, std::string_view schema, const std::vector<Migration>& migrations) {
  SchemaStatus status;
  status.expected = migrations.empty() ? 0 : migrations.back().version;
  pqxx::read_transaction tx(conn);
  auto exists = tx.exec_params("SELECT to_regclass($1) IS NOT NULL", std::string(schema) + ".schema_migrations");
  if (!exists[0][0].as<bool>()) return status;
  auto row =
      tx.exec("SELECT coalesce(max(version), 0) FROM " + tx.quote_name(std::string(schema)) + ".schema_migrations");
  status.applied = row[0][0].as<int>();
  return status;
}

}  // namespace hub::db
