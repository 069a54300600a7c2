#pragma once
// The repo registry: repos registers, moves, re-scopes and deletes repos here in the request that
// changes them (a signed service call), and anyone deciding about a repo asks here.
#include <optional>
#include <string>

#include "common/access/role.hpp"
#include "common/db/pool.hpp"
#include "services/auth/app/invalidator.hpp"
#include "services/auth/domain/decide.hpp"
#include "services/auth/store/repo_registry_store.hpp"

namespace hub::auth {

// The repo at its (new) place, with its visibility. 404 when no user or org has the namespace, 409
// when the id was deleted or another repo has the path.
void register_repo(db::Pool& db, Invalidator& invalidator, const RegisteredRepo& repo);
// 404 when there is no such repo.
void unregister_repo(db::Pool& db, Invalidator& invalidator, const std::string& id);

struct DecideRequest {
  ScopeKey repo;
  access::Role action = access::Role::kRead;
  std::optional<std::string> token_id;  // unset: anonymous
};
struct DecideAnswer {
  bool invalid_credentials = false;  // the token is not live: nothing else is set
  bool allowed = false;
  access::Role role = access::Role::kNone;
  std::string repo_id;  // set when the caller may see the repo
};
DecideAnswer decide_action(db::Pool& db, const DecideRequest& request);

// The decision about a scope for a caller, on the caller's connection (introspection shares it).
ScopeDecision decide_scope(pqxx::transaction_base& tx, const ScopeKey& scope, const std::optional<CallerToken>& caller);

}  // namespace hub::auth
