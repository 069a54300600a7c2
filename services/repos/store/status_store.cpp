#include "services/repos/store/status_store.hpp"

namespace hub::repos {
namespace {

constexpr const char* kInsert =
    "INSERT INTO repos.commit_statuses (repo_id, sha, context, state, description, target_url, metrics, creator_id, "
    "creator_name) VALUES ($1::uuid, $2, $3, $4, NULLIF($5, ''), NULLIF($6, ''), NULLIF($7, '')::jsonb, "
    "NULLIF($8, '')::uuid, $9)";

constexpr const char* kLatest =
    "SELECT DISTINCT ON (context) context, state, COALESCE(description, ''), COALESCE(target_url, ''), "
    "COALESCE(metrics::text, ''), creator_name, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') "
    "FROM repos.commit_statuses WHERE repo_id = $1::uuid AND sha = $2 ORDER BY context, id DESC";

}  // namespace

void insert_status(pqxx::work& tx, const std::string& repo_id, const std::string& sha, const CommitStatus& status,
                   const std::string& creator_id) {
  tx.exec_params(kInsert, repo_id, sha, status.context, status.state, status.description, status.target_url,
                 status.metrics_json, creator_id, status.creator);
}

std::vector<CommitStatus> latest_statuses(pqxx::transaction_base& tx, const std::string& repo_id,
                                          const std::string& sha) {
  std::vector<CommitStatus> out;
  for (const auto& r : tx.exec_params(kLatest, repo_id, sha)) {
    out.push_back(CommitStatus{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                               r[3].as<std::string>(), r[4].as<std::string>(), r[5].as<std::string>(),
                               r[6].as<std::string>()});
  }
  return out;
}

}  // namespace hub::repos
