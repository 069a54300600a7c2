// Introspection: the token and the scope's decision on one connection.
#include "services/auth/app/introspection.hpp"

#include "common/db/transaction.hpp"
#include "services/auth/app/registry.hpp"
#include "services/auth/app/tokens.hpp"

namespace hub::auth {

IntrospectAnswer introspect(db::Pool& db, const IntrospectRequest& request) {
  IntrospectAnswer a;
  db::read_once(db, [&](pqxx::nontransaction& tx) {
    if (request.secret) {
      a.token = find_live_token(tx, *request.secret);
      if (!a.token) return;
    }
    if (!request.scope) return;
    std::optional<CallerToken> caller;
    if (a.token)
      caller = CallerToken{a.token->user_id, a.token->user_name, a.token->kind, a.token->role, a.token->scoped_json};
    a.decision = decide_scope(tx, *request.scope, caller);
  });
  a.invalid_credentials = request.secret && !a.token;
  return a;
}

}  // namespace hub::auth
