#include "services/repos/app/peer_requests.hpp"

#include "common/db/transaction.hpp"
#include "common/util/strings.hpp"
#include "common/util/uuid.hpp"
#include "services/repos/app/repo_events.hpp"
#include "services/repos/domain/formats.hpp"
#include "services/repos/git/git_merge.hpp"
#include "services/repos/store/repo_store.hpp"

namespace hub::repos {

RepoRow repo_by_id(service::Context& ctx, const std::string& id) {
  if (!util::is_uuid(id)) throw ApiError(ErrorCode::kRepoNotFound, "Repository not found");
  auto row = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return find_repo_by_id(tx, id); });
  if (!row) throw ApiError(ErrorCode::kRepoNotFound, "Repository not found");
  return *row;
}

std::int64_t next_number(service::Context& ctx, const std::string& repo_id) {
  if (!util::is_uuid(repo_id)) throw ApiError(ErrorCode::kRepoNotFound, "Repository not found");
  auto num = db::transact(ctx.db, [&](pqxx::work& tx) { return take_next_number(tx, repo_id); });
  if (!num) throw ApiError(ErrorCode::kRepoNotFound, "Repository not found");
  return *num;
}

std::string move_ref(service::Context& ctx, const ReposConfig& config, const RepoRow& repo,
                     const access::Identity& actor, RefMove move) {
  const std::string& ref = move.ref;
  if (!valid_ref_name(ref) ||
      !(ref.starts_with("refs/heads/") || ref.starts_with("refs/tags/") || ref.starts_with("refs/pr/"))) {
    throw ApiError(ErrorCode::kBadRequest, "ref is a branch, a tag or refs/pr/N");
  }
  GitRepo git(config.git_path(repo.id));
  if (!move.new_revision.empty()) {
    auto sha = git.resolve(move.new_revision);
    if (!sha) throw ApiError(ErrorCode::kRevisionNotFound, "no revision " + util::header_safe(move.new_revision, 200));
    move.new_sha = *sha;
  }
  if (move.new_sha != kZeroOid && git.resolve(move.new_sha) != move.new_sha) {
    throw ApiError(ErrorCode::kRevisionNotFound, "no commit " + move.new_sha);
  }
  const std::string old_sha = move.old_sha == kZeroOid ? "" : move.old_sha;
  const std::string new_sha = move.new_sha == kZeroOid ? "" : move.new_sha;
  db::transact(ctx.db, [&](pqxx::work& tx) {
    git.update_ref(ref, move.old_sha, new_sha);
    record_ref_updates(tx, repo, &actor, {{ref, old_sha, new_sha}});
  });
  return new_sha;
}

Comparison compare_revisions(const ReposConfig& config, const RepoRow& repo, const std::string& base_revision,
                             const std::string& head_revision) {
  GitRepo git(config.git_path(repo.id));
  auto base = git.resolve(base_revision);
  auto head = git.resolve(head_revision);
  if (!base || !head) throw ApiError(ErrorCode::kRevisionNotFound, "base and head are revisions of the repo");
  return compare(git, *base, *head, 250);
}

MergeResult merge_into(service::Context& ctx, const ReposConfig& config, const RepoRow& repo,
                       const access::Identity& actor, MergeRequest request) {
  if (!request.base_ref.starts_with("refs/heads/") || !valid_ref_name(request.base_ref)) {
    throw ApiError(ErrorCode::kBadRequest, "baseRef is a branch");
  }
  request.author_name = actor.user_name;
  request.author_email = author_email(actor.user_name);
  GitRepo git(config.git_path(repo.id));
  if (git.resolve(request.head) != request.head) {
    throw ApiError(ErrorCode::kRevisionNotFound, "no commit " + request.head);
  }
  MergeResult result;
  db::transact(ctx.db, [&](pqxx::work& tx) {
    result = merge(git, request);
    if (!result.commit.empty()) {
      record_ref_updates(tx, repo, &actor, {{request.base_ref, request.expected_base, result.commit}});
    }
  });
  return result;
}

}  // namespace hub::repos
