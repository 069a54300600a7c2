#pragma once
// Comparing two revisions and merging one into a branch, with libgit2: what pull requests need
// from repos (docs/architecture.md, "Who calls whom"). A merge moves the base branch by compare-and-swap
// on the sha the caller expects, so a merge never lands on a base that moved under it.
#include <optional>
#include <string>
#include <vector>

#include "services/repos/git/git_repo.hpp"

namespace hub::repos {

struct ChangedFile {
  std::string path;
  std::string status;  // added, modified, deleted
  std::string old_oid, new_oid;
};

struct Comparison {
  std::string base, head, merge_base;  // merge_base empty: unrelated histories
  std::vector<ChangedFile> files;      // from the merge base to head
  std::vector<CommitInfo> commits;     // on head and not on base, newest first
};

Comparison compare(GitRepo& git, const std::string& base_commit, const std::string& head_commit,
                   std::size_t max_commits);

struct MergeRequest {
  std::string base_ref;            // refs/heads/main
  std::string expected_base;       // CAS
  std::string head;                // the commit to merge
  std::string strategy = "merge";  // merge, squash, fast-forward
  std::string message;
  std::string author_name, author_email;
};

struct MergeResult {
  std::string commit;                  // set when merged
  std::vector<std::string> conflicts;  // set when not
};

// ApiError(kPreconditionFailed) when the base moved; kConflict when fast-forward is impossible.
MergeResult merge(GitRepo& git, const MergeRequest& request);

}  // namespace hub::repos
