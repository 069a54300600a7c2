#include "services/pulls/app/pull_requests.hpp"

#include "common/db/transaction.hpp"
#include "common/error/api_error.hpp"
#include "services/pulls/app/repos_client.hpp"
#include "services/pulls/store/pull_store.hpp"
#include "services/pulls/store/sync_store.hpp"

namespace hub::pulls {

std::string pull_ref(std::int64_t num) {
  return "refs/pr/" + std::to_string(num);
}

PullRow open_pull(service::Context& ctx, const Peers& peers, const std::string& repo_id, const OpenPull& open,
                  const std::string& request_id) {
  auto existing = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return find_pull(tx, repo_id, open.num); });
  if (existing) return *existing;
  PullRow pull;
  pull.repo_id = repo_id;
  pull.num = open.num;
  pull.author_id = open.author.user_id;
  pull.author_name = open.author.user_name;
  pull.base_ref = "refs/heads/" + open.base_branch;
  // The ref first: a record without its ref would be a pull request nobody can push to, while a
  // ref without a record (this process dying here) is only an unused number.
  pull.opened_at_sha = !open.head_sha.empty() ? open.head_sha
                                              : create_pull_ref(peers.repos, repo_id, open.num,
                                                                open.start.empty() ? open.base_branch : open.start,
                                                                open.author, request_id);
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    // Its first commits (a create_pr commit, a branch's) are shown in the thread once it exists.
    if (insert_pull(tx, pull)) request_sync(tx, CommitSync{repo_id, open.num, open.repo_type, open.repo_name, ""});
    return find_pull(tx, repo_id, open.num).value();
  });
}

PullRow require_pull(service::Context& ctx, const std::string& repo_id, std::int64_t num) {
  auto pull = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return find_pull(tx, repo_id, num); });
  if (!pull) throw ApiError(ErrorCode::kNotFound, "no such pull request in this repo");
  return *pull;
}

}  // namespace hub::pulls
