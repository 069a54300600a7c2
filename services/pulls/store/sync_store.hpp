#pragma once
// SQL over pulls.commit_syncs and pulls.synced_commits: which pull requests' commits are still to be
// shown in their threads, and which were.
#include <cstdint>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <vector>

namespace hub::pulls {

struct CommitSync {
  std::string repo_id;
  std::int64_t num = 0;
  std::string repo_type;     // model, dataset, space
  std::string repo_name;     // namespace/name
  std::string requested_at;  // as the database wrote it: deleting compares it
};

// Asks (again) for the pull request's commits to be synced; a pending request is renewed.
void request_sync(pqxx::work& tx, const CommitSync& sync);
std::vector<CommitSync> pending_syncs(pqxx::transaction_base& tx, std::size_t limit);
// Done, unless it was asked for again meanwhile.
void finish_sync(pqxx::work& tx, const CommitSync& sync);
void count_failed_sync(pqxx::work& tx, const CommitSync& sync);

std::set<std::string> synced_commits(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num);
void mark_synced(pqxx::work& tx, const std::string& repo_id, std::int64_t num, const std::string& sha);

}  // namespace hub::pulls
