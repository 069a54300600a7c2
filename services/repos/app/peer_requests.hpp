#pragma once
// What other services ask repos (docs/architecture.md, "Who calls whom"): a repo by id, the next #N
// of a repo (shared by discussions, pull requests and bug reports), ref moves with compare-and-swap
// on the old sha, the comparison of two revisions, and merges.
#include <cstdint>
#include <string>

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

}  // namespace hub::repos
