#include "services/notifications/store/routing_store.hpp"

#include "common/db/prepared.hpp"
#include "common/util/strings.hpp"
#include "services/notifications/store/sql_arrays.hpp"

namespace hub::notifications {
namespace {

// Adds the repo, or renames it, or neither, and answers the repo as now known with what happened:
// one statement per event rather than three. Only an event newer than the name known, with another
// name, renames, and never a deleted repo. (Every part sees the statement's snapshot, so the last
// SELECT answers only when the row was neither added nor changed; a row another transaction adds
// meanwhile answers nothing, and the caller falls back on the event's own facts.)
constexpr const char* kRememberRepo =
    "WITH added AS ("
    "  INSERT INTO notifications.known_repos (repo_id, repo_type, repo_name, named_at) "
    "  VALUES ($1, $2, $3, $4::timestamptz) ON CONFLICT (repo_id) DO NOTHING "
    "  RETURNING repo_id, repo_type, repo_name), "
    "renamed AS ("
    "  UPDATE notifications.known_repos SET repo_type = $2, repo_name = $3, named_at = $4::timestamptz "
    "  WHERE repo_id = $1 AND NOT EXISTS (SELECT 1 FROM added) AND deleted_at IS NULL "
    "    AND named_at < $4::timestamptz AND (repo_type, repo_name) IS DISTINCT FROM ($2, $3) "
    "  RETURNING repo_id, repo_type, repo_name) "
    "SELECT repo_id, repo_type, repo_name, false, false FROM added "
    "UNION ALL SELECT repo_id, repo_type, repo_name, false, true FROM renamed "
    "UNION ALL SELECT repo_id, repo_type, repo_name, deleted_at IS NOT NULL, false FROM notifications.known_repos "
    "  WHERE repo_id = $1 AND NOT EXISTS (SELECT 1 FROM added) AND NOT EXISTS (SELECT 1 FROM renamed)";
constexpr const char* kFindRepo =
    "SELECT repo_id, repo_type, repo_name, deleted_at IS NOT NULL FROM notifications.known_repos WHERE repo_id = $1";
constexpr const char* kFindRepoShared =
    "SELECT repo_id, repo_type, repo_name, deleted_at IS NOT NULL FROM notifications.known_repos WHERE repo_id = $1 "
    "FOR SHARE";
constexpr const char* kMarkDeleted =
    "INSERT INTO notifications.known_repos (repo_id, repo_type, repo_name, named_at, deleted_at) "
    "VALUES ($1, $2, $3, $4::timestamptz, now()) "
    "ON CONFLICT (repo_id) DO UPDATE SET deleted_at = COALESCE(notifications.known_repos.deleted_at, now())";
// What a deleted repo takes with it (the repo's row stays, as its tombstone).
constexpr const char* kForgetRepo[] = {
    "DELETE FROM notifications.inbox_items WHERE repo_id = $1",
    "DELETE FROM notifications.user_item_repos WHERE repo_id = $1",
    "DELETE FROM notifications.repo_watches WHERE repo_id = $1",
    "DELETE FROM notifications.threads WHERE repo_id = $1",
    "DELETE FROM notifications.thread_participants WHERE repo_id = $1",
    "DELETE FROM notifications.comment_mentions WHERE repo_id = $1",
    "DELETE FROM notifications.pending_notices WHERE repo_id = $1",
};

constexpr const char* kItemSubjects =
    "SELECT DISTINCT subject_type, thread_num FROM notifications.inbox_items "
    "WHERE repo_id = $1 AND thread_num IS NOT NULL";
constexpr const char* kRenameItems =
    "UPDATE notifications.inbox_items SET repo_type = $2, repo_name = $3, updated_at = now() "
    "WHERE repo_id = $1 AND (repo_type, repo_name) IS DISTINCT FROM ($2, $3)";
constexpr const char* kRelinkItems =
    "UPDATE notifications.inbox_items SET url = $4 "
    "WHERE repo_id = $1 AND subject_type = $2 AND thread_num = $3 AND url <> $4";

constexpr const char* kRememberTitle =
    "INSERT INTO notifications.threads (repo_id, num, title, titled_at) VALUES ($1, $2, $3, $4::timestamptz) "
    "ON CONFLICT (repo_id, num) DO UPDATE SET title = EXCLUDED.title, titled_at = EXCLUDED.titled_at "
    "WHERE notifications.threads.titled_at < EXCLUDED.titled_at AND notifications.threads.title <> EXCLUDED.title";
constexpr const char* kTitles =
    "SELECT num, title FROM notifications.threads WHERE repo_id = $1 AND num = ANY($2::bigint[])";

// Writes only what it learns: a participant seen before, as before, changes nothing.
constexpr const char* kAddParticipant =
    "INSERT INTO notifications.thread_participants (repo_id, num, person, user_id, user_name, is_author) "
    "VALUES ($1, $2, $3, NULLIF($4, '')::uuid, NULLIF($5, ''), $6) "
    "ON CONFLICT (repo_id, num, person) DO UPDATE SET "
    "is_author = notifications.thread_participants.is_author OR EXCLUDED.is_author, "
    "user_name = COALESCE(EXCLUDED.user_name, notifications.thread_participants.user_name) "
    "WHERE (EXCLUDED.is_author AND NOT notifications.thread_participants.is_author) "
    "OR (EXCLUDED.user_name IS NOT NULL AND notifications.thread_participants.user_name IS NULL)";
constexpr const char* kParticipants =
    "SELECT num, COALESCE(user_id::text, ''), COALESCE(user_name, ''), is_author "
    "FROM notifications.thread_participants WHERE repo_id = $1 AND num = ANY($2::bigint[])";

constexpr const char* kNewMentions =
    "INSERT INTO notifications.comment_mentions (comment_id, mention, repo_id) "
    "SELECT $1, m, $2 FROM unnest($3::text[]) AS m ON CONFLICT DO NOTHING RETURNING mention";

KnownRepo repo_from_row(const pqxx::row& r) {
  return KnownRepo{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<bool>()};
}

}  // namespace

RepoNaming remember_repo(pqxx::work& tx, const KnownRepo& repo, const std::string& occurred_at) {
  RepoNaming out{repo, false};
  const pqxx::result r = db::exec_statement(tx, kRememberRepo, repo.id, repo.type, repo.name, occurred_at);
  if (!r.empty()) {
    out.repo = repo_from_row(r[0]);
    out.renamed = r[0][4].as<bool>();
  }
  return out;
}

std::optional<KnownRepo> find_known_repo(pqxx::transaction_base& tx, const std::string& repo_id, bool share) {
  const pqxx::result r = db::exec_statement(tx, share ? kFindRepoShared : kFindRepo, repo_id);
  if (r.empty()) return std::nullopt;
  return repo_from_row(r[0]);
}

void forget_repo(pqxx::work& tx, const KnownRepo& repo, const std::string& occurred_at) {
  db::exec_statement(tx, kMarkDeleted, repo.id, repo.type, repo.name, occurred_at);
  for (const char* sql : kForgetRepo)
    db::exec_statement(tx, sql, repo.id);
}

std::vector<ItemSubject> item_subjects(pqxx::transaction_base& tx, const std::string& repo_id) {
  std::vector<ItemSubject> out;
  for (const auto& r : db::exec_statement(tx, kItemSubjects, repo_id))
    out.push_back(ItemSubject{r[0].as<std::string>(), r[1].as<std::int64_t>()});
  return out;
}

void rename_items(pqxx::work& tx, const std::string& repo_id, const std::string& repo_type,
                  const std::string& repo_name) {
  db::exec_statement(tx, kRenameItems, repo_id, repo_type, repo_name);
}

void relink_items(pqxx::work& tx, const std::string& repo_id, const ItemSubject& subject, const std::string& url) {
  db::exec_statement(tx, kRelinkItems, repo_id, subject.subject_type, subject.num, url);
}

void remember_title(pqxx::work& tx, const std::string& repo_id, std::int64_t num, const std::string& title,
                    const std::string& occurred_at) {
  db::exec_statement(tx, kRememberTitle, repo_id, num, title, occurred_at);
}

std::map<std::int64_t, std::string> thread_titles(pqxx::transaction_base& tx, const std::string& repo_id,
                                                  const std::vector<std::int64_t>& nums) {
  std::map<std::int64_t, std::string> out;
  for (const auto& r : db::exec_statement(tx, kTitles, repo_id, bigint_array(nums)))
    out[r[0].as<std::int64_t>()] = r[1].as<std::string>();
  return out;
}

void add_participant(pqxx::work& tx, const std::string& repo_id, std::int64_t num, const Participant& person) {
  const std::string key = person.user_id.empty() ? "name:" + util::to_lower(person.user_name) : person.user_id;
  db::exec_statement(tx, kAddParticipant, repo_id, num, key, person.user_id, person.user_name, person.is_author);
}

std::map<std::int64_t, std::vector<Participant>> thread_participants(pqxx::transaction_base& tx,
                                                                     const std::string& repo_id,
                                                                     const std::vector<std::int64_t>& nums) {
  std::map<std::int64_t, std::vector<Participant>> out;
  for (const auto& r : db::exec_statement(tx, kParticipants, repo_id, bigint_array(nums))) {
    out[r[0].as<std::int64_t>()].push_back(
        Participant{r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<bool>()});
  }
  return out;
}

std::vector<std::string> new_mentions(pqxx::work& tx, const std::string& repo_id, const std::string& comment_id,
                                      const std::vector<std::string>& keys) {
  std::vector<std::string> out;
  if (keys.empty()) return out;
  for (const auto& r : db::exec_statement(tx, kNewMentions, comment_id, repo_id, text_array(keys)))
    out.push_back(r[0].as<std::string>());
  return out;
}

}  // namespace hub::notifications
