#include "services/notifications/store/watch_store.hpp"

#include "common/db/prepared.hpp"
#include "common/util/strings.hpp"

namespace hub::notifications {
namespace {

constexpr const char* kRepoLevel =
    "SELECT level FROM notifications.repo_watches WHERE user_id = $1::uuid AND repo_id = $2";
constexpr const char* kSetRepoLevel =
    "INSERT INTO notifications.repo_watches (user_id, repo_id, repo_type, repo_name, level) "
    "VALUES ($1::uuid, $2, $3, $4, $5) ON CONFLICT (user_id, repo_id) DO UPDATE SET "
    "repo_type = EXCLUDED.repo_type, repo_name = EXCLUDED.repo_name, level = EXCLUDED.level, updated_at = now()";
constexpr const char* kClearRepoLevel =
    "DELETE FROM notifications.repo_watches WHERE user_id = $1::uuid AND repo_id = $2";
constexpr const char* kRenameWatches =
    "UPDATE notifications.repo_watches SET repo_type = $2, repo_name = $3 "
    "WHERE repo_id = $1 AND (repo_type, repo_name) IS DISTINCT FROM ($2, $3)";

constexpr const char* kNamespaceLevel =
    "SELECT level FROM notifications.org_watches WHERE user_id = $1::uuid AND namespace = $2";
constexpr const char* kSetNamespaceLevel =
    "INSERT INTO notifications.org_watches (user_id, namespace, level) VALUES ($1::uuid, $2, $3) "
    "ON CONFLICT (user_id, namespace) DO UPDATE SET level = EXCLUDED.level, updated_at = now()";
constexpr const char* kClearNamespaceLevel =
    "DELETE FROM notifications.org_watches WHERE user_id = $1::uuid AND namespace = $2";

constexpr const char* kRepoFollowers = "SELECT user_id::text, level FROM notifications.repo_watches WHERE repo_id = $1";
constexpr const char* kNamespaceFollowers =
    "SELECT user_id::text, level FROM notifications.org_watches WHERE namespace = $1";

std::optional<WatchLevel> level_of(const pqxx::result& r) {
  if (r.empty()) return std::nullopt;
  return parse_watch_level(r[0][0].as<std::string>());
}

std::vector<WatchEntry> entries_of(const pqxx::result& rows) {
  std::vector<WatchEntry> out;
  for (const auto& r : rows) {
    if (auto level = parse_watch_level(r[1].as<std::string>()))
      out.push_back(WatchEntry{r[0].as<std::string>(), *level});
  }
  return out;
}

}  // namespace

std::optional<WatchLevel> repo_level(pqxx::transaction_base& tx, const std::string& user_id,
                                     const std::string& repo_id) {
  return level_of(db::exec_statement(tx, kRepoLevel, user_id, repo_id));
}

void set_repo_level(pqxx::work& tx, const std::string& user_id, const RepoOfWatch& repo, WatchLevel level) {
  db::exec_statement(tx, kSetRepoLevel, user_id, repo.id, repo.type, repo.name, std::string(watch_level_name(level)));
}

void clear_repo_level(pqxx::work& tx, const std::string& user_id, const std::string& repo_id) {
  db::exec_statement(tx, kClearRepoLevel, user_id, repo_id);
}

void rename_repo_watches(pqxx::work& tx, const RepoOfWatch& repo) {
  db::exec_statement(tx, kRenameWatches, repo.id, repo.type, repo.name);
}

std::optional<WatchLevel> namespace_level(pqxx::transaction_base& tx, const std::string& user_id,
                                          const std::string& ns) {
  return level_of(db::exec_statement(tx, kNamespaceLevel, user_id, util::to_lower(ns)));
}

void set_namespace_level(pqxx::work& tx, const std::string& user_id, const std::string& ns, WatchLevel level) {
  db::exec_statement(tx, kSetNamespaceLevel, user_id, util::to_lower(ns), std::string(watch_level_name(level)));
}

void clear_namespace_level(pqxx::work& tx, const std::string& user_id, const std::string& ns) {
  db::exec_statement(tx, kClearNamespaceLevel, user_id, util::to_lower(ns));
}

Followers followers_of(pqxx::transaction_base& tx, const std::string& repo_id, const std::string& ns) {
  return Followers{entries_of(db::exec_statement(tx, kRepoFollowers, repo_id)),
                   entries_of(db::exec_statement(tx, kNamespaceFollowers, util::to_lower(ns)))};
}

}  // namespace hub::notifications
