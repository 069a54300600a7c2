#include "services/repos/app/peer_requests.hpp"

#include <set>

#include "common/db/transaction.hpp"
#include "common/util/strings.hpp"
#include "common/util/uuid.hpp"
#include "services/repos/app/repo_events.hpp"
#include "services/repos/domain/formats.hpp"
#include "services/repos/git/git_diff.hpp"
#include "services/repos/git/git_merge.hpp"
#include "services/repos/store/pull_ref_store.hpp"
#include "services/repos/store/repo_store.hpp"

namespace hub::repos {
namespace {

void check_merge_request(GitRepo& git, const MergeRequest& request) {
  if (!request.base_ref.starts_with("refs/heads/") || !valid_ref_name(request.base_ref)) {
    throw ApiError(ErrorCode::kBadRequest, "baseRef is a branch");
  }
  if (git.resolve(request.head) != request.head) {
    throw ApiError(ErrorCode::kRevisionNotFound, "no commit " + util::header_safe(request.head, 64));
  }
}

std::string commit_named(GitRepo& git, const std::string& revision) {
  auto sha = git.resolve(revision);
  if (!sha) throw ApiError(ErrorCode::kRevisionNotFound, "Invalid rev id: " + util::header_safe(revision, 200));
  return *sha;
}

}  // namespace

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
  std::string new_sha = move.new_sha == kZeroOid ? "" : move.new_sha;
  db::transact(ctx.db, [&](pqxx::work& tx) {
    git.update_ref(ref, move.old_sha, new_sha);
    // Who opens a pull request's ref may commit to it (app/commits.hpp, require_commit_right).
    if (ref.starts_with("refs/pr/") && old_sha.empty() && !actor.user_id.empty()) {
      record_pull_ref_author(tx, repo.id, ref, actor.user_id);
    }
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
  request.author_name = actor.user_name;
  request.author_email = author_email(actor.user_name);
  GitRepo git(config.git_path(repo.id));
  check_merge_request(git, request);
  MergeResult result;
  db::transact(ctx.db, [&](pqxx::work& tx) {
    result = merge(git, request);
    if (!result.commit.empty()) {
      record_ref_updates(tx, repo, &actor, {{request.base_ref, request.expected_base, result.commit}});
    }
  });
  return result;
}

MergeCheck check_merge_into(const ReposConfig& config, const RepoRow& repo, const MergeRequest& request) {
  GitRepo git(config.git_path(repo.id));
  check_merge_request(git, request);
  const auto current = git.resolve(request.base_ref);
  if (!current) throw ApiError(ErrorCode::kRevisionNotFound, "no branch " + request.base_ref);
  if (!request.expected_base.empty() && *current != request.expected_base) {
    throw ApiError(ErrorCode::kPreconditionFailed, "the base branch moved: it is at " + *current);
  }
  MergeCheck check = try_merge(git, *current, request.head);
  check.base_sha = *current;
  check.mergeable = request.strategy == "fast-forward" ? check.fast_forward : check.conflicts.empty();
  return check;
}

BlobAt blob_at(const ReposConfig& config, const RepoRow& repo, const std::string& revision, const std::string& path,
               std::uint64_t max) {
  GitRepo git(config.git_path(repo.id));
  const std::string commit = commit_named(git, revision);
  const auto entry = git.entry(commit, path);
  if (!entry || entry->directory || entry->path.empty()) {
    throw ApiError(ErrorCode::kEntryNotFound, "no file " + util::header_safe(path, 200) + " at this revision");
  }
  BlobAt blob{entry->oid, entry->lfs ? entry->lfs->pointer_size : entry->size};
  if (blob.size > max) {
    throw ApiError(ErrorCode::kPayloadTooLarge,
                   "the blob is " + std::to_string(blob.size) + " bytes, more than max=" + std::to_string(max));
  }
  return blob;
}

Ancestry ancestry(const ReposConfig& config, const RepoRow& repo, const std::string& ancestor_revision,
                  const std::string& descendant_revision) {
  GitRepo git(config.git_path(repo.id));
  Ancestry out;
  out.ancestor = commit_named(git, ancestor_revision);
  out.descendant = commit_named(git, descendant_revision);
  out.is_ancestor = git.fast_forward(out.ancestor, out.descendant);
  out.merge_base = merge_base_of(git, out.ancestor, out.descendant).value_or("");
  return out;
}

AncestorsAmong ancestors_among(const ReposConfig& config, const RepoRow& repo, const std::string& descendant_revision,
                               const std::vector<std::string>& candidates) {
  GitRepo git(config.git_path(repo.id));
  AncestorsAmong out;
  out.descendant = commit_named(git, descendant_revision);
  // A candidate that is no commit of the repo (looked up by id, never as a ref's name) answers null.
  std::vector<std::string> commits;
  std::vector<bool> is_commit;
  for (const auto& c : candidates) {
    is_commit.push_back(git.has_commit(c));
    if (is_commit.back()) commits.push_back(c);
  }
  const std::set<std::string> ancestors = git.in_history(out.descendant, commits);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    out.answers.emplace_back(candidates[i],
                             is_commit[i] ? std::optional(ancestors.contains(candidates[i])) : std::nullopt);
  }
  return out;
}

}  // namespace hub::repos
