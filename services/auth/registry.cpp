// The repo registry's internal side: repos registers, moves, re-scopes and deletes repos here in the
// request that changes them (a signed service call), and anyone deciding asks /internal/decide.
#include "common/db/transaction.hpp"
#include "common/domain/names.hpp"
#include "common/domain/repo_type.hpp"
#include "common/util/strings.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/auth_service.hpp"
#include "services/auth/decide.hpp"
#include "services/auth/directory.hpp"
#include "services/auth/scope_decision.hpp"

namespace hub::auth {
namespace {

bool valid_type(std::string_view t) {
  return domain::parse_repo_type(t).has_value();
}

http::Response put_repo(service::Context& ctx, const AuthConfig& config, http::Request& req) {
  const std::string id(req.param("id"));
  if (!util::is_uuid(id)) throw ApiError(ErrorCode::kBadRequest, "a repo id is a UUID");
  auto body = json_body(req);
  const std::string type(json::get_string(body, "type").or_throw());
  const std::string ns(json::get_string(body, "namespace").or_throw());
  const std::string name(json::get_string(body, "name").or_throw());
  const bool is_private = json::get_bool(body, "private").or_throw();
  auto creator = json::get_optional_string(body, "creatorId").or_throw();
  if (!valid_type(type)) throw ApiError(ErrorCode::kBadRequest, "type is model, dataset or space");
  domain::check_namespace(ns).or_throw();
  domain::check_repo_name(name).or_throw();
  if (creator && !util::is_uuid(*creator)) throw ApiError(ErrorCode::kBadRequest, "creatorId is a UUID");
  db::transact(ctx.db, [&](pqxx::work& tx) {
    if (!name_taken(tx, ns)) {
      throw ApiError(ErrorCode::kNotFound, "no user or organization named " + ns);
    }
    if (!tx.exec_params("SELECT 1 FROM auth.repo_tombstones WHERE id = $1", id).empty()) {
      throw ApiError(ErrorCode::kConflict, "that repo id was deleted; a new repo needs a new id");
    }
    // A move leaves its old path behind as a redirect; a repo made at a path takes it from any redirect.
    tx.exec_params(
        "INSERT INTO auth.repo_redirects (type, namespace, name, repo_id) "
        "SELECT type, namespace, name, id FROM auth.repos WHERE id = $1 "
        "AND (type, lower(namespace), lower(name)) <> ($2, lower($3), lower($4)) "
        "ON CONFLICT (type, lower(namespace), lower(name)) DO UPDATE SET repo_id = EXCLUDED.repo_id, moved_at = now()",
        id, type, ns, name);
    tx.exec_params(
        "DELETE FROM auth.repo_redirects WHERE type = $1 AND lower(namespace) = lower($2) AND lower(name) = lower($3)",
        type, ns, name);
    try {
      tx.exec_params(
          "INSERT INTO auth.repos (id, type, namespace, name, private, creator_id) "
          "VALUES ($1, $2, $3, $4, $5, NULLIF($6, '')::uuid) "
          "ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, namespace = EXCLUDED.namespace, "
          "name = EXCLUDED.name, private = EXCLUDED.private, updated_at = now()",
          id, type, ns, name, is_private, std::string(creator.value_or("")));
    } catch (const pqxx::unique_violation&) {
      throw ApiError(ErrorCode::kConflict, "another repo has that name");
    }
  });
  config.invalidator->everything_changed();  // visibility or place may have changed
  return http::Response::empty(204);
}

http::Response delete_repo(service::Context& ctx, const AuthConfig& config, http::Request& req) {
  const std::string id(req.param("id"));
  if (!util::is_uuid(id)) throw ApiError(ErrorCode::kNotFound, "no such repo");
  const bool gone = db::transact(ctx.db, [&](pqxx::work& tx) {
    if (tx.exec_params("DELETE FROM auth.repos WHERE id = $1 RETURNING id", id).empty()) return false;
    tx.exec_params("INSERT INTO auth.repo_tombstones (id) VALUES ($1) ON CONFLICT DO NOTHING", id);
    return true;
  });
  if (!gone) throw ApiError(ErrorCode::kNotFound, "no such repo");
  config.invalidator->everything_changed();
  return http::Response::empty(204);
}

http::Response decide(service::Context& ctx, http::Request& req) {
  auto body = json_body(req);
  const json::Value* repo = json::get_object(body, "repo").or_throw();
  const std::string type(json::get_string(*repo, "type").or_throw());
  const std::string ns(json::get_string(*repo, "namespace").or_throw());
  const std::string name(json::get_string(*repo, "name").or_throw());
  const auto action = parse_action(json::get_string(body, "action").or_throw());
  if (!action) throw ApiError(ErrorCode::kBadRequest, "action is read, write or admin");
  auto token_id = json::get_optional_string(body, "tokenId").or_throw();
  if (token_id && !util::is_uuid(*token_id)) throw ApiError(ErrorCode::kBadRequest, "tokenId is a UUID");

  return db::transact(ctx.db, [&](pqxx::work& tx) {
    json::Writer w;
    w.begin_object();
    std::optional<CallerToken> caller;
    if (token_id) {
      auto t = tx.exec_params(
          "SELECT u.id, u.name, t.kind, t.role, t.scoped::text FROM auth.tokens t JOIN auth.users u ON u.id = "
          "t.user_id WHERE t.id = $1 AND " HUB_LIVE_TOKEN,
          std::string(*token_id));
      if (t.empty()) {
        w.field("allowed", false).field("role", "none").field("reason", "invalid credentials").end_object();
        return http::Response::json(200, w.str());
      }
      caller = CallerToken{t[0][0].as<std::string>(), t[0][1].as<std::string>(), t[0][2].as<std::string>(),
                           t[0][3].as<std::string>(), t[0][4].as<std::string>()};
    }
    const ScopeDecision d = decide_scope(tx, ScopeKey{type, ns, name}, caller);
    w.field("allowed", d.role >= *action).field("role", access::role_name(d.role));
    if (!d.repo_id.empty()) w.field("repoId", d.repo_id);
    w.end_object();
    return http::Response::json(200, w.str());
  });
}

}  // namespace

void install_registry(service::Context& ctx, http::RouteDispatcher& routes, const AuthConfig& config) {
  routes.add("PUT", "/internal/repos/{id}", [&ctx, config](http::Request& r) { return put_repo(ctx, config, r); });
  routes.add("DELETE", "/internal/repos/{id}",
             [&ctx, config](http::Request& r) { return delete_repo(ctx, config, r); });
  routes.add("POST", "/internal/decide", [&ctx](http::Request& r) { return decide(ctx, r); });
}

}  // namespace hub::auth
