#pragma once
// A query prepared once per connection, named after its text: hot queries are parsed and planned
// once per pooled connection instead of on every call (libpqxx prepares a registered statement on
// its first use, and registering the same name with the same text again is a no-op). For queries
// whose text is built from fixed fragments, as a list with optional filters is: each combination
// becomes one statement.
#include <functional>
#include <pqxx/pqxx>
#include <string>
#include <utility>

namespace hub::db {

template <class... Args>
pqxx::result exec_statement(pqxx::transaction_base& tx, const std::string& sql, Args&&... args) {
  const std::string name = "q" + std::to_string(std::hash<std::string>{}(sql));
  tx.conn().prepare(name, sql);
  return tx.exec_prepared(name, std::forward<Args>(args)...);
}

}  // namespace hub::db
