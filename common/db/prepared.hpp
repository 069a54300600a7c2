#pragma once
// A query prepared once per connection, named after its text: hot queries are parsed and planned
// once per pooled connection instead of on every call (libpqxx prepares a registered statement on
// its first use, and registering the same name with the same text again is a no-op). For queries
// whose text is built from fixed fragments, as a list with optional filters is: each combination
// becomes one statement.
//
// Behind a transaction-mode pooler (PgBouncer before 1.21) each transaction may run in another
// server session, where a statement prepared in an earlier one does not exist: with named
// statements off (HUB_PG_PREPARED=off) the same text runs as an unnamed parameterized statement,
// with the same parameters and the same result.
#include <functional>
#include <pqxx/pqxx>
#include <string>
#include <utility>

namespace hub::db {

// Process-wide, because it is a fact of the one database endpoint the process's pool talks to:
// set once at start (service::run, from HUB_PG_PREPARED) before any connection is used. On unless set.
void use_named_statements(bool on);
bool named_statements();

template <class... Args>
pqxx::result exec_statement(pqxx::transaction_base& tx, const std::string& sql, Args&&... args) {
  if (!named_statements()) return tx.exec_params(sql, std::forward<Args>(args)...);
  const std::string name = "q" + std::to_string(std::hash<std::string>{}(sql));
  tx.conn().prepare(name, sql);
  return tx.exec_prepared(name, std::forward<Args>(args)...);
}

}  // namespace hub::db
