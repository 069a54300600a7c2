// The repo registry queries.
#include "services/auth/store/repo_registry_store.hpp"

namespace hub::auth {
namespace {

constexpr const char* kReposById =
    "SELECT id::text, type, namespace, name, private, creator_id::text FROM auth.repos WHERE id = ANY($1::uuid[])";

constexpr std::string_view kHasTombstone = "SELECT 1 FROM auth.repo_tombstones WHERE id = $1";
constexpr std::string_view kRedirectOldPath =
    "INSERT INTO auth.repo_redirects (type, namespace, name, repo_id) "
    "SELECT type, namespace, name, id FROM auth.repos WHERE id = $1 "
    "AND (type, lower(namespace), lower(name)) <> ($2, lower($3), lower($4)) "
    "ON CONFLICT (type, lower(namespace), lower(name)) DO UPDATE SET repo_id = EXCLUDED.repo_id, moved_at = now()";
constexpr std::string_view kClearRedirect =
    "DELETE FROM auth.repo_redirects WHERE type = $1 AND lower(namespace) = lower($2) AND lower(name) = lower($3)";
constexpr std::string_view kUpsertRepo =
    "INSERT INTO auth.repos (id, type, namespace, name, private, creator_id) "
    "VALUES ($1, $2, $3, $4, $5, NULLIF($6, '')::uuid) "
    "ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, namespace = EXCLUDED.namespace, "
    "name = EXCLUDED.name, private = EXCLUDED.private, updated_at = now()";
constexpr std::string_view kDeleteRepo = "DELETE FROM auth.repos WHERE id = $1 RETURNING id";
constexpr std::string_view kInsertTombstone =
    "INSERT INTO auth.repo_tombstones (id) VALUES ($1) ON CONFLICT DO NOTHING";
constexpr std::string_view kReconcileDelete = "DELETE FROM auth.repos WHERE id = $1 AND updated_at <= $2::timestamptz";
constexpr std::string_view kReconcileTombstone =
    "INSERT INTO auth.repo_tombstones (id, deleted_at) VALUES ($1, $2::timestamptz) ON CONFLICT DO NOTHING";
// A move learned from its event leaves the old path behind as a redirect, as the registration does
// (the event may arrive first, or alone when that call was lost); only for an event newer than the row.
constexpr std::string_view kReconcileRedirect =
    "INSERT INTO auth.repo_redirects (type, namespace, name, repo_id) "
    "SELECT type, namespace, name, id FROM auth.repos WHERE id = $1 AND updated_at <= $5::timestamptz "
    "AND (type, lower(namespace), lower(name)) <> ($2, lower($3), lower($4)) "
    "ON CONFLICT (type, lower(namespace), lower(name)) DO UPDATE SET repo_id = EXCLUDED.repo_id, moved_at = now()";
constexpr std::string_view kReconcileClearRedirect =
    "DELETE FROM auth.repo_redirects WHERE type = $1 AND lower(namespace) = lower($2) AND lower(name) = lower($3) "
    "AND NOT EXISTS (SELECT 1 FROM auth.repo_tombstones WHERE id = $4)";
constexpr std::string_view kReconcileState =
    "INSERT INTO auth.repos (id, type, namespace, name, private, creator_id, updated_at) "
    "SELECT $1, $2, $3, $4, $5, (SELECT id FROM auth.users WHERE id = NULLIF($6, '')::uuid), $7::timestamptz "
    "WHERE NOT EXISTS (SELECT 1 FROM auth.repo_tombstones WHERE id = $1) "
    "ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, namespace = EXCLUDED.namespace, "
    "name = EXCLUDED.name, private = EXCLUDED.private, updated_at = EXCLUDED.updated_at "
    "WHERE auth.repos.updated_at <= EXCLUDED.updated_at";

}  // namespace

bool has_tombstone(pqxx::transaction_base& tx, const std::string& id) {
  return !tx.exec_params(std::string(kHasTombstone), id).empty();
}

void redirect_old_path(pqxx::work& tx, const RegisteredRepo& r) {
  tx.exec_params(std::string(kRedirectOldPath), r.id, r.type, r.ns, r.name);
}

void clear_redirect(pqxx::work& tx, const RegisteredRepo& r) {
  tx.exec_params(std::string(kClearRedirect), r.type, r.ns, r.name);
}

bool upsert_repo(pqxx::work& tx, const RegisteredRepo& r) {
  try {
    tx.exec_params(std::string(kUpsertRepo), r.id, r.type, r.ns, r.name, r.is_private, r.creator_id);
    return true;
  } catch (const pqxx::unique_violation&) {
    return false;
  }
}

bool delete_repo(pqxx::work& tx, const std::string& id) {
  if (tx.exec_params(std::string(kDeleteRepo), id).empty()) return false;
  tx.exec_params(std::string(kInsertTombstone), id);
  return true;
}

void reconcile_deletion(pqxx::work& tx, const std::string& id, const std::string& occurred_at) {
  tx.exec_params(std::string(kReconcileDelete), id, occurred_at);
  tx.exec_params(std::string(kReconcileTombstone), id, occurred_at);
}

bool reconcile_state(pqxx::work& tx, const RegisteredRepo& r, const std::string& occurred_at) {
  pqxx::subtransaction sub(tx, "reconcile");
  try {
    sub.exec_params(std::string(kReconcileRedirect), r.id, r.type, r.ns, r.name, occurred_at);
    sub.exec_params(std::string(kReconcileClearRedirect), r.type, r.ns, r.name, r.id);
    sub.exec_params(std::string(kReconcileState), r.id, r.type, r.ns, r.name, r.is_private, r.creator_id, occurred_at);
    sub.commit();
    return true;
  } catch (const pqxx::unique_violation&) {
    return false;
  }
}

std::vector<RegisteredRepo> find_repos_by_id(pqxx::transaction_base& tx, const std::vector<std::string>& ids) {
  std::vector<RegisteredRepo> out;
  if (ids.empty()) return out;
  std::string list = "{";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) list += ',';
    list += ids[i];  // UUIDs, checked by the caller: no quoting needed inside the array literal
  }
  list += '}';
  for (const auto& r : tx.exec_params(kReposById, list)) {
    out.push_back(RegisteredRepo{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                                 r[3].as<std::string>(), r[4].as<bool>(),
                                 r[5].is_null() ? std::string() : r[5].as<std::string>()});
  }
  return out;
}

}  // namespace hub::auth
