#pragma once
// What git holds, as plain values: tree entries, commits, refs, and the changes a commit makes.
// git/ reads and writes them through libgit2; everyone else sees only these types.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/repos/domain/lfs_pointer.hpp"

namespace hub::repos {

inline constexpr std::string_view kZeroOid = "0000000000000000000000000000000000000000";

struct TreeEntry {
  std::string path;  // full path from the root
  bool directory = false;
  std::string oid;         // git sha1 of the blob or tree
  std::uint64_t size = 0;  // of the blob (the LFS object's size for a pointer); 0 for a directory
  std::optional<LfsPointer> lfs;
};

struct CommitInfo {
  std::string id;
  std::string title;    // the first line
  std::string message;  // the whole message
  std::string author_name;
  std::int64_t time = 0;  // unix seconds
  std::vector<std::string> parents;
};

struct RefInfo {
  std::string name;  // short: main, v1.0, refs/pr/1 stays whole
  std::string ref;   // full: refs/heads/main
  std::string target;
};

struct Refs {
  std::vector<RefInfo> branches, tags, converts, pulls;
};

// One change of a commit: a blob written at a path, or a path (file or folder) removed.
struct Change {
  std::string path;
  bool remove = false;
  std::string content;   // the blob for an upsert (an LFS pointer for an LFS file)…
  std::string blob_oid;  // …or the blob, already written with write_blob()
};

struct CommitRequest {
  std::string branch_ref;                    // refs/heads/main, refs/pr/3
  std::optional<std::string> expected_head;  // CAS: the head the commit must extend (nullopt: any)
  std::string author_name;
  std::string author_email;
  std::string message;
  std::vector<Change> changes;
};

struct CommitResult {
  std::string commit;
  std::string old_head;  // kZeroOid when the branch was created
};

// Two revisions compared, and a merge asked for and its outcome (git/git_merge.hpp does them).
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

// A merge tried without writing anything: whether a pull request can be merged as things stand.
struct MergeCheck {
  std::string base_sha;                // the base branch's head it was tried on
  bool fast_forward = false;           // the base is an ancestor of head (or is head)
  std::vector<std::string> conflicts;  // the paths a three-way merge cannot resolve
  bool mergeable = false;              // by the strategy asked for
};

}  // namespace hub::repos
