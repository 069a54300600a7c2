#include "services/pulls/store/pull_store.hpp"

#include "common/db/prepared.hpp"

namespace hub::pulls {
namespace {

constexpr const char* kInsert =
    "INSERT INTO pulls.pull_requests (repo_id, num, author_id, author_name, base_ref, opened_at_sha) "
    "VALUES ($1::uuid, $2, NULLIF($3, '')::uuid, $4, $5, $6) ON CONFLICT (repo_id, num) DO NOTHING";
constexpr const char* kFind =
    "SELECT repo_id::text, num, COALESCE(author_id::text, ''), author_name, base_ref, opened_at_sha, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), COALESCE(merge_commit, ''), "
    "COALESCE(to_char(merged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), ''), "
    "COALESCE(merged_by, ''), COALESCE(merged_base, '') FROM pulls.pull_requests WHERE repo_id = $1::uuid AND num = $2";
constexpr const char* kMerge =
    "UPDATE pulls.pull_requests SET merge_commit = $3, merged_base = $4, merged_at = now(), merged_by = $5 "
    "WHERE repo_id = $1::uuid AND num = $2 AND merge_commit IS NULL";
constexpr const char* kDeleteRepo = "DELETE FROM pulls.pull_requests WHERE repo_id = $1::uuid";

}  // namespace

bool insert_pull(pqxx::work& tx, const PullRow& p) {
  return db::exec_statement(tx, kInsert, p.repo_id, p.num, p.author_id, p.author_name, p.base_ref, p.opened_at_sha)
             .affected_rows() > 0;
}

std::optional<PullRow> find_pull(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num,
                                 bool for_update) {
  auto rows = for_update ? db::exec_statement(tx, std::string(kFind) + " FOR UPDATE", repo_id, num)
                         : db::exec_statement(tx, kFind, repo_id, num);
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  PullRow p;
  p.repo_id = r[0].as<std::string>();
  p.num = r[1].as<std::int64_t>();
  p.author_id = r[2].as<std::string>();
  p.author_name = r[3].as<std::string>();
  p.base_ref = r[4].as<std::string>();
  p.opened_at_sha = r[5].as<std::string>();
  p.created_at = r[6].as<std::string>();
  p.merge_commit = r[7].as<std::string>();
  p.merged_at = r[8].as<std::string>();
  p.merged_by = r[9].as<std::string>();
  p.merged_base = r[10].as<std::string>();
  return p;
}

void record_merge(pqxx::work& tx, const std::string& repo_id, std::int64_t num, const std::string& commit,
                  const std::string& merged_base, const std::string& merged_by) {
  db::exec_statement(tx, kMerge, repo_id, num, commit, merged_base, merged_by);
}

void delete_repo_pulls(pqxx::work& tx, const std::string& repo_id) {
  tx.exec_params(kDeleteRepo, repo_id);
}

}  // namespace hub::pulls
