#include "services/notifications/store/webhook_store.hpp"

#include <map>

#include "common/db/prepared.hpp"
#include "services/notifications/store/id_list.hpp"

namespace hub::notifications {
namespace {

constexpr const char* kHookColumns =
    "h.id::text, h.owner_kind, h.owner_id::text, h.owner_name, h.url, h.domains, h.secret_sealed, h.daily_cap, "
    "h.disabled, coalesce(h.disabled_reason, ''), "
    "to_char(h.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
    "to_char(h.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

constexpr const char* kInsertHook =
    "INSERT INTO notifications.webhooks (id, owner_kind, owner_id, owner_name, url, domains, secret_sealed, daily_cap) "
    "VALUES ($1::uuid, $2, $3::uuid, $4, $5, $6, $7, $8)";
constexpr const char* kUpdateHook =
    "UPDATE notifications.webhooks SET url = $2, domains = $3, secret_sealed = $4, daily_cap = $5, updated_at = now() "
    "WHERE id = $1::uuid";
constexpr const char* kDeleteHook =
    "DELETE FROM notifications.webhooks WHERE id = $1::uuid AND owner_kind = $2 AND owner_id = $3::uuid";
constexpr const char* kDeleteWatches = "DELETE FROM notifications.webhook_watches WHERE webhook_id = $1::uuid";
constexpr const char* kInsertWatch =
    "INSERT INTO notifications.webhook_watches (webhook_id, position, kind, name, namespace, repo_id) "
    "VALUES ($1::uuid, $2, $3, $4, NULLIF($5, ''), NULLIF($6, '')::uuid)";
constexpr const char* kWatchesOf =
    "SELECT webhook_id::text, kind, name, coalesce(namespace, ''), coalesce(repo_id::text, '') "
    "FROM notifications.webhook_watches WHERE webhook_id = ANY(string_to_array($1, ',')::uuid[]) "
    "ORDER BY webhook_id, position";
constexpr const char* kCountHooks =
    "SELECT count(*) FROM notifications.webhooks WHERE owner_kind = $1 AND owner_id = $2::uuid";
constexpr const char* kSetDisabled =
    "UPDATE notifications.webhooks SET disabled = $4, disabled_reason = NULLIF($5, ''), "
    "failing_since = CASE WHEN $4 THEN failing_since END, updated_at = now() "
    "WHERE id = $1::uuid AND owner_kind = $2 AND owner_id = $3::uuid";
// The text form is "sb1:<key id>:<nonce>:<ciphertext>" (crypto::to_text).
constexpr const char* kSealedElsewhere =
    "SELECT id::text, secret_sealed FROM notifications.webhooks "
    "WHERE secret_sealed IS NOT NULL AND split_part(secret_sealed, ':', 2) <> $1 ORDER BY id LIMIT $2";
constexpr const char* kReseal =
    "UPDATE notifications.webhooks SET secret_sealed = $3 WHERE id = $1::uuid AND secret_sealed = $2";
constexpr const char* kHooksWatching =
    "SELECT DISTINCT h.id::text, h.owner_kind, h.owner_id::text, h.owner_name, h.domains "
    "FROM notifications.webhook_watches w JOIN notifications.webhooks h ON h.id = w.webhook_id "
    "WHERE (w.repo_id = $1::uuid OR w.namespace = ANY(string_to_array($2, ','))) AND NOT h.disabled "
    "AND h.created_at <= $3::timestamptz";
constexpr const char* kAnyHookWatching =
    "SELECT EXISTS (SELECT 1 FROM notifications.webhook_watches w "
    "JOIN notifications.webhooks h ON h.id = w.webhook_id "
    "WHERE (w.repo_id = $1::uuid OR w.namespace = ANY(string_to_array($2, ','))) AND NOT h.disabled)";
constexpr const char* kRenameWatchedRepo =
    "UPDATE notifications.webhook_watches SET name = $2 WHERE repo_id = $1::uuid AND name <> $2";
constexpr const char* kNoteFailure =
    "UPDATE notifications.webhooks SET failing_since = coalesce(failing_since, now()) WHERE id = $1::uuid "
    "RETURNING (extract(epoch FROM failing_since) * 1000)::bigint, (extract(epoch FROM now()) * 1000)::bigint";
constexpr const char* kNoteSuccess =
    "UPDATE notifications.webhooks SET failing_since = NULL WHERE id = $1::uuid AND failing_since IS NOT NULL";
constexpr const char* kDisableFailing =
    "UPDATE notifications.webhooks SET disabled = true, disabled_reason = 'failing', failing_since = NULL, "
    "updated_at = now() WHERE id = $1::uuid AND NOT disabled";

HookRow hook_from(const pqxx::row& r) {
  HookRow h;
  h.id = r[0].as<std::string>();
  h.owner = HookOwner{r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>()};
  h.url = r[4].as<std::string>();
  h.domains_json = r[5].as<std::string>();
  if (!r[6].is_null()) h.secret_sealed = r[6].as<std::string>();
  if (!r[7].is_null()) h.daily_cap = r[7].as<int>();
  h.disabled = r[8].as<bool>();
  h.disabled_reason = r[9].as<std::string>();
  h.created_at = r[10].as<std::string>();
  h.updated_at = r[11].as<std::string>();
  return h;
}

void insert_watches(pqxx::work& tx, const HookRow& hook) {
  int position = 0;
  for (const auto& w : hook.watched) {
    db::exec_statement(tx, kInsertWatch, hook.id, position++, w.type, w.name, w.namespace_, w.repo_id);
  }
}

// Fills each hook's watched items, in one query for all of them.
void attach_watches(pqxx::transaction_base& tx, std::vector<HookRow>& hooks) {
  if (hooks.empty()) return;
  std::vector<std::string> ids;
  std::map<std::string, HookRow*> by_id;
  for (auto& h : hooks) {
    ids.push_back(h.id);
    by_id[h.id] = &h;
  }
  for (const auto& r : db::exec_statement(tx, kWatchesOf, id_list(ids))) {
    by_id.at(r[0].as<std::string>())
        ->watched.push_back(StoredWatch{r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>(),
                                        r[4].as<std::string>()});
  }
}

std::vector<HookRow> select_hooks(pqxx::transaction_base& tx, const std::string& where, const HookOwner& owner,
                                  const std::optional<std::string>& id) {
  const std::string sql = std::string("SELECT ") + kHookColumns + " FROM notifications.webhooks h WHERE " + where;
  const pqxx::result rows =
      id ? db::exec_statement(tx, sql, owner.kind, owner.id, *id) : db::exec_statement(tx, sql, owner.kind, owner.id);
  std::vector<HookRow> out;
  for (const auto& r : rows)
    out.push_back(hook_from(r));
  attach_watches(tx, out);
  return out;
}

}  // namespace

void insert_hook(pqxx::work& tx, const HookRow& hook) {
  db::exec_statement(tx, kInsertHook, hook.id, hook.owner.kind, hook.owner.id, hook.owner.name, hook.url,
                     hook.domains_json, hook.secret_sealed, hook.daily_cap);
  insert_watches(tx, hook);
}

void update_hook(pqxx::work& tx, const HookRow& hook) {
  db::exec_statement(tx, kUpdateHook, hook.id, hook.url, hook.domains_json, hook.secret_sealed, hook.daily_cap);
  db::exec_statement(tx, kDeleteWatches, hook.id);
  insert_watches(tx, hook);
}

bool delete_hook(pqxx::work& tx, const HookOwner& owner, const std::string& id) {
  return db::exec_statement(tx, kDeleteHook, id, owner.kind, owner.id).affected_rows() > 0;
}

std::optional<HookRow> find_hook(pqxx::transaction_base& tx, const HookOwner& owner, const std::string& id) {
  auto hooks = select_hooks(tx, "h.owner_kind = $1 AND h.owner_id = $2::uuid AND h.id = $3::uuid", owner, id);
  if (hooks.empty()) return std::nullopt;
  return std::move(hooks.front());
}

std::vector<HookRow> list_hooks(pqxx::transaction_base& tx, const HookOwner& owner) {
  return select_hooks(tx, "h.owner_kind = $1 AND h.owner_id = $2::uuid ORDER BY h.created_at, h.id", owner,
                      std::nullopt);
}

std::int64_t count_hooks(pqxx::transaction_base& tx, const HookOwner& owner) {
  return db::exec_statement(tx, kCountHooks, owner.kind, owner.id)[0][0].as<std::int64_t>();
}

bool set_disabled(pqxx::work& tx, const HookOwner& owner, const std::string& id, bool disabled,
                  const std::string& reason) {
  return db::exec_statement(tx, kSetDisabled, id, owner.kind, owner.id, disabled, reason).affected_rows() > 0;
}

std::vector<std::pair<std::string, std::string>> secrets_sealed_elsewhere(pqxx::transaction_base& tx,
                                                                          const std::string& key_id,
                                                                          std::size_t limit) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : db::exec_statement(tx, kSealedElsewhere, key_id, static_cast<std::int64_t>(limit)))
    out.emplace_back(r[0].as<std::string>(), r[1].as<std::string>());
  return out;
}

bool reseal_secret(pqxx::work& tx, const std::string& id, const std::string& old_sealed,
                   const std::string& new_sealed) {
  return db::exec_statement(tx, kReseal, id, old_sealed, new_sealed).affected_rows() > 0;
}

std::vector<CandidateHook> hooks_watching(pqxx::transaction_base& tx, const std::string& repo_id,
                                          const std::vector<std::string>& namespaces, const std::string& received_at) {
  std::vector<CandidateHook> out;
  for (const auto& r : db::exec_statement(tx, kHooksWatching, repo_id, id_list(namespaces), received_at)) {
    out.push_back(CandidateHook{r[0].as<std::string>(),
                                HookOwner{r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>()},
                                r[4].as<std::string>()});
  }
  return out;
}

bool any_hook_watching(pqxx::transaction_base& tx, const std::string& repo_id,
                       const std::vector<std::string>& namespaces) {
  return db::exec_statement(tx, kAnyHookWatching, repo_id, id_list(namespaces))[0][0].as<bool>();
}

void rename_watched_repo(pqxx::work& tx, const std::string& repo_id, const std::string& new_name) {
  db::exec_statement(tx, kRenameWatchedRepo, repo_id, new_name);
}

FailureStreak note_hook_failure(pqxx::work& tx, const std::string& id) {
  const pqxx::result r = db::exec_statement(tx, kNoteFailure, id);
  if (r.empty()) return {};
  return FailureStreak{r[0][0].as<std::int64_t>(), r[0][1].as<std::int64_t>()};
}

void note_hook_success(pqxx::work& tx, const std::string& id) {
  db::exec_statement(tx, kNoteSuccess, id);
}

bool disable_failing_hook(pqxx::work& tx, const std::string& id) {
  return db::exec_statement(tx, kDisableFailing, id).affected_rows() > 0;
}

}  // namespace hub::notifications
