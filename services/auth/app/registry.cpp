// The registry use cases.
#include "services/auth/app/registry.hpp"

#include "common/db/transaction.hpp"
#include "common/error/api_error.hpp"
#include "services/auth/store/decision_store.hpp"
#include "services/auth/store/token_store.hpp"
#include "services/auth/store/user_store.hpp"

namespace hub::auth {

void register_repo(db::Pool& db, Invalidator& invalidator, const RegisteredRepo& repo) {
  db::transact(db, [&](pqxx::work& tx) {
    if (!name_taken(tx, repo.ns)) {
      throw ApiError(ErrorCode::kNotFound, "no user or organization named " + repo.ns);
    }
    if (has_tombstone(tx, repo.id)) {
      throw ApiError(ErrorCode::kConflict, "that repo id was deleted; a new repo needs a new id");
    }
    redirect_old_path(tx, repo);
    clear_redirect(tx, repo);
    if (!upsert_repo(tx, repo)) throw ApiError(ErrorCode::kConflict, "another repo has that name");
  });
  invalidator.everything_changed();  // visibility or place may have changed
}

void unregister_repo(db::Pool& db, Invalidator& invalidator, const std::string& id) {
  const bool gone = db::transact(db, [&](pqxx::work& tx) { return delete_repo(tx, id); });
  if (!gone) throw ApiError(ErrorCode::kNotFound, "no such repo");
  invalidator.everything_changed();
}

ScopeDecision decide_scope(pqxx::transaction_base& tx, const ScopeKey& scope,
                           const std::optional<CallerToken>& caller) {
  const std::string user_id = caller ? caller->user_id : std::string();
  return decide_scope(scope, caller, read_scope_facts(tx, scope, user_id));
}

DecideAnswer decide_action(db::Pool& db, const DecideRequest& request) {
  return db::transact(db, [&](pqxx::work& tx) {
    DecideAnswer a;
    std::optional<CallerToken> caller;
    if (request.token_id) {
      caller = find_live_caller(tx, *request.token_id);
      if (!caller) {
        a.invalid_credentials = true;
        return a;
      }
    }
    const ScopeDecision d = decide_scope(tx, request.repo, caller);
    a.allowed = d.role >= request.action;
    a.role = d.role;
    a.repo_id = d.repo_id;
    return a;
  });
}

}  // namespace hub::auth
