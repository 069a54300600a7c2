#pragma once
// What other services ask repos (docs/architecture.md, "Who calls whom"): a repo by id, the next #N
// of a repo (shared by discussions, pull requests and bug reports), ref moves with compare-and-swap
// on the old sha, the comparison of two revisions, merges (and merges tried without writing), a
// blob as git stores it, and whether one commit descends from another. (A comparison file by file:
// revision_diffs.hpp.)
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/access/identity.hpp"
#include "common/service/service.hpp"
#include "services/repos/config.hpp"
#include "services/repos/domain/git_objects.hpp"
#include "services/repos/domain/repo.hpp"

namespace hub::repos {

// 404 RepoNotFound for an id that is not a repo's.
RepoRow repo_by_id(service::Context& ctx, const std::string& id);

// One UPDATE: concurrent callers queue on the row and each gets its own number.
std::int64_t next_number(service::Context& ctx, const std::string& repo_id);

struct RefMove {
  std::string ref;           // a branch, a tag or refs/pr/N
  std::string old_sha;       // kZeroOid: the ref must not exist
  std::string new_sha;       // kZeroOid: delete it
  std::string new_revision;  // instead of new_sha: the commit a branch, tag or sha names now
};
// The sha the ref now points at ("" when deleted). 400 for another kind of ref, 404 for a commit
// the repo lacks, 412 when the ref is not at old_sha.
std::string move_ref(service::Context& ctx, const ReposConfig& config, const RepoRow& repo,
                     const access::Identity& actor, RefMove move);

// 404 RevisionNotFound unless both name revisions of the repo.
Comparison compare_revisions(const ReposConfig& config, const RepoRow& repo, const std::string& base_revision,
                             const std::string& head_revision);

// The merge, and the base's move recorded as a repo.content event. 400 for a base that is not a
// branch, 404 for a head the repo lacks.
MergeResult merge_into(service::Context& ctx, const ReposConfig& config, const RepoRow& repo,
                       const access::Identity& actor, MergeRequest request);

// merge_into's dry run: whether the request's head merges into the base branch as it is now, with
// nothing written. expected_base is checked only when given (412 when the base moved); the strategy
// decides `mergeable` (fast-forward: only when the base is an ancestor of head).
MergeCheck check_merge_into(const ReposConfig& config, const RepoRow& repo, const MergeRequest& request);

struct BlobAt {
  std::string oid;         // the git blob's sha
  std::uint64_t size = 0;  // git's size of it (a pointer's own size for an LFS file)
};
// The blob at `path` of `revision`: 404 RevisionNotFound, EntryNotFound (a folder too), and 413 when
// it is larger than `max` bytes.
BlobAt blob_at(const ReposConfig& config, const RepoRow& repo, const std::string& revision, const std::string& path,
               std::uint64_t max);

struct Ancestry {
  std::string ancestor, descendant;  // the commits the revisions name
  bool is_ancestor = false;          // descendant has ancestor in its history, or is it
  std::string merge_base;            // "" for unrelated histories
};
// 404 RevisionNotFound unless both name commits of the repo.
Ancestry ancestry(const ReposConfig& config, const RepoRow& repo, const std::string& ancestor_revision,
                  const std::string& descendant_revision);

// Of `candidates` (commit shas), which are `descendant` or in its history: true, false, or nullopt
// for a sha the repo lacks. 404 RevisionNotFound when `descendant` names no commit. One open of
// the repo for the lot (what known bugs of a revision asks about every affected and fixing commit).
struct AncestorsAmong {
  std::string descendant;
  std::vector<std::pair<std::string, std::optional<bool>>> answers;  // in the candidates' order
};
AncestorsAmong ancestors_among(const ReposConfig& config, const RepoRow& repo, const std::string& descendant_revision,
                               const std::vector<std::string>& candidates);

}  // namespace hub::repos
