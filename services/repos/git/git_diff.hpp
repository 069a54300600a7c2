#pragma once
// The files changed from one commit to another as a pull request shows them, with libgit2: one
// tree-to-tree diff with renames found (exact and similar, git_diff_find_similar), sorted by path.
// Listing the files reads no blob; sizes, LFS pointers, binary checks and line counts are read
// only for the files a caller describes, so a page of a thousand-file diff costs a page's worth.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/repos/domain/file_diff.hpp"
#include "services/repos/git/git_repo.hpp"

struct git_diff;
struct git_patch;

namespace hub::repos {

// The first `n` bytes of a blob that libgit2 will not load whole (over kMaxDiffBlob): whoever
// builds a ChangedFiles knows how to stream one.
using BlobPrefix = std::function<std::string(const std::string& oid, std::size_t n)>;

// Where a pull request's changes start: the best common ancestor of two commits, or nullopt for
// unrelated histories.
std::optional<std::string> merge_base_of(GitRepo& git, const std::string& a, const std::string& b);

class ChangedFiles {
 public:
  // From `from` (empty: the empty tree, for unrelated histories) to `to`, both commit shas.
  ChangedFiles(GitRepo& git, const std::string& from, const std::string& to, BlobPrefix prefix);
  ~ChangedFiles();
  ChangedFiles(const ChangedFiles&) = delete;
  ChangedFiles& operator=(const ChangedFiles&) = delete;

  std::size_t size() const { return order_.size(); }
  const std::string& path(std::size_t i) const { return paths_[i]; }
  // The index of the first file whose path sorts after `path` (byte order), or size().
  std::size_t first_after(std::string_view path) const;
  // The index of the file at `path` (its new path; the old one for a deleted file).
  std::optional<std::size_t> find(std::string_view path) const;

  // The i-th file with its sides' sizes and pointers, whether it is binary or too large, and its
  // line counts when it has lines.
  FileDiff describe(std::size_t i);
  // The same, with the lines [offset, offset + limit) of its hunks.
  FilePatch patch(std::size_t i, std::size_t offset, std::size_t limit);

 private:
  struct Described;
  Described read(std::size_t i);

  GitRepo& git_;
  BlobPrefix prefix_;
  git_diff* diff_ = nullptr;
  std::vector<std::size_t> order_;  // delta indexes, sorted by path
  std::vector<std::string> paths_;  // in that order
};

}  // namespace hub::repos
