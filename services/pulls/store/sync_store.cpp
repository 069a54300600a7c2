#include "services/pulls/store/sync_store.hpp"

#include "common/db/prepared.hpp"

namespace hub::pulls {
namespace {

constexpr const char* kRequest =
    "INSERT INTO pulls.commit_syncs (repo_id, num, repo_type, repo_name) VALUES ($1::uuid, $2, $3, $4) "
    "ON CONFLICT (repo_id, num) DO UPDATE SET requested_at = clock_timestamp(), repo_type = EXCLUDED.repo_type, "
    "repo_name = EXCLUDED.repo_name, attempts = 0";
// Oldest first; one that keeps failing waits longer each time (up to a minute).
constexpr const char* kPending =
    "SELECT repo_id::text, num, repo_type, repo_name, requested_at::text FROM pulls.commit_syncs "
    "WHERE requested_at + least(attempts, 60) * interval '1 second' <= clock_timestamp() "
    "ORDER BY requested_at LIMIT $1";
constexpr const char* kFinish =
    "DELETE FROM pulls.commit_syncs WHERE repo_id = $1::uuid AND num = $2 AND requested_at::text = $3";
constexpr const char* kFailed =
    "UPDATE pulls.commit_syncs SET attempts = attempts + 1 WHERE repo_id = $1::uuid AND num = $2";
constexpr const char* kSynced = "SELECT sha FROM pulls.synced_commits WHERE repo_id = $1::uuid AND num = $2";
constexpr const char* kMarkSynced =
    "INSERT INTO pulls.synced_commits (repo_id, num, sha) VALUES ($1::uuid, $2, $3) ON CONFLICT DO NOTHING";

}  // namespace

void request_sync(pqxx::work& tx, const CommitSync& s) {
  db::exec_statement(tx, kRequest, s.repo_id, s.num, s.repo_type, s.repo_name);
}

std::vector<CommitSync> pending_syncs(pqxx::transaction_base& tx, std::size_t limit) {
  std::vector<CommitSync> out;
  for (const auto& r : db::exec_statement(tx, kPending, static_cast<std::int64_t>(limit))) {
    out.push_back(CommitSync{r[0].as<std::string>(), r[1].as<std::int64_t>(), r[2].as<std::string>(),
                             r[3].as<std::string>(), r[4].as<std::string>()});
  }
  return out;
}

void finish_sync(pqxx::work& tx, const CommitSync& s) {
  db::exec_statement(tx, kFinish, s.repo_id, s.num, s.requested_at);
}

void count_failed_sync(pqxx::work& tx, const CommitSync& s) {
  db::exec_statement(tx, kFailed, s.repo_id, s.num);
}

std::set<std::string> synced_commits(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num) {
  std::set<std::string> out;
  for (const auto& r : db::exec_statement(tx, kSynced, repo_id, num))
    out.insert(r[0].as<std::string>());
  return out;
}

void mark_synced(pqxx::work& tx, const std::string& repo_id, std::int64_t num, const std::string& sha) {
  db::exec_statement(tx, kMarkSynced, repo_id, num, sha);
}

}  // namespace hub::pulls
