#pragma once
// Comparing two revisions and merging one into a branch, with libgit2: what pull requests need
// from repos (docs/architecture.md, "Who calls whom"). A merge moves the base branch by compare-and-swap
// on the sha the caller expects, so a merge never lands on a base that moved under it.
#include <optional>
#include <string>
#include <vector>

#include "services/repos/git/git_repo.hpp"

namespace hub::repos {

Comparison compare(GitRepo& git, const std::string& base_commit, const std::string& head_commit,
                   std::size_t max_commits);

// ApiError(kPreconditionFailed) when the base moved; kConflict when fast-forward is impossible.
MergeResult merge(GitRepo& git, const MergeRequest& request);

// Whether `head` fast-forwards `base` (commit shas) and which paths a three-way merge of the two
// leaves in conflict, with nothing written to the repository (fills fast_forward and conflicts).
MergeCheck try_merge(GitRepo& git, const std::string& base, const std::string& head);

}  // namespace hub::repos
