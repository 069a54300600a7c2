#include "services/repos/git/git_diff.hpp"

#include <algorithm>
#include <numeric>

#include "common/error/api_error.hpp"
#include "services/repos/git/git_ptr.hpp"
#include "services/repos/git/git_support.hpp"

namespace hub::repos {
namespace {

using git::Blob;
using git::check;
using git::Commit;
using git::Diff;
using git::Odb;
using git::Tree;
using Patch = git::Owned<git_patch, git_patch_free>;

Tree tree_of_commit(git_repository* repo, const std::string& hex) {
  git_oid oid;
  if (git_oid_fromstr(&oid, hex.c_str()) != 0) throw ApiError(ErrorCode::kBadRequest, "not a commit id: " + hex);
  git_commit* c = nullptr;
  if (git_commit_lookup(&c, repo, &oid) != 0) throw ApiError(ErrorCode::kRevisionNotFound, "no commit " + hex);
  Commit commit(c);
  git_tree* t = nullptr;
  check(git_commit_tree(&t, c), "commit tree");
  return Tree(t);
}

// Files, executables and symlinks: what a diff shows. A submodule (a commit in the tree) is not a
// file, as the tree listings agree.
bool is_file(std::uint16_t mode) {
  return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE || mode == GIT_FILEMODE_LINK;
}

bool has_old(const git_diff_delta* d) {
  return d->status != GIT_DELTA_ADDED && is_file(d->old_file.mode);
}
bool has_new(const git_diff_delta* d) {
  return d->status != GIT_DELTA_DELETED && is_file(d->new_file.mode);
}

// What a listing calls the file: its new path, or the old one when it is gone.
std::string path_of(const git_diff_delta* d) {
  return has_new(d) ? d->new_file.path : d->old_file.path;
}

DiffSide side_of(git_repository* repo, git_odb* odb, const git_oid* id) {
  DiffSide side;
  side.oid = git::to_hex(id);
  std::size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  check(git_odb_read_header(&size, &type, odb, id), "blob header");
  side.blob_size = size;
  side.lfs = git::lfs_pointer_in(repo, id, size);
  return side;
}

bool side_is_binary(git_repository* repo, const DiffSide& side, const BlobPrefix& prefix) {
  if (side.blob_size > kMaxDiffBlob) {
    const std::string head = prefix(side.oid, kBinaryProbeBytes);
    return git_blob_data_is_binary(head.data(), head.size()) == 1;
  }
  git_oid id;
  check(git_oid_fromstr(&id, side.oid.c_str()), "blob id");
  git_blob* b = nullptr;
  check(git_blob_lookup(&b, repo, &id), "blob lookup");
  Blob blob(b);
  return git_blob_is_binary(b) == 1;
}

bool counts_as_line(char origin) {
  return origin == GIT_DIFF_LINE_CONTEXT || origin == GIT_DIFF_LINE_ADDITION || origin == GIT_DIFF_LINE_DELETION;
}

// The hunk's lines that a page counts: context, additions and deletions (not libgit2's "no newline
// at end of file" markers), as indexes into the hunk.
std::vector<std::size_t> counted_lines(git_patch* patch, std::size_t hunk) {
  std::vector<std::size_t> out;
  const int n = git_patch_num_lines_in_hunk(patch, hunk);
  check(n, "hunk lines");
  for (int k = 0; k < n; ++k) {
    const git_diff_line* line = nullptr;
    check(git_patch_get_line_in_hunk(&line, patch, hunk, static_cast<std::size_t>(k)), "diff line");
    if (counts_as_line(line->origin)) out.push_back(static_cast<std::size_t>(k));
  }
  return out;
}

PatchLine line_of(const git_diff_line* line) {
  PatchLine out;
  out.kind = line->origin == GIT_DIFF_LINE_ADDITION   ? LineKind::kAdd
             : line->origin == GIT_DIFF_LINE_DELETION ? LineKind::kDel
                                                      : LineKind::kContext;
  out.old_line = std::max(line->old_lineno, 0);
  out.new_line = std::max(line->new_lineno, 0);
  out.text = display_line(std::string_view(line->content, line->content_len));
  return out;
}

}  // namespace

std::optional<std::string> merge_base_of(GitRepo& git, const std::string& a, const std::string& b) {
  git_oid one;
  git_oid two;
  if (git_oid_fromstr(&one, a.c_str()) != 0 || git_oid_fromstr(&two, b.c_str()) != 0) {
    throw ApiError(ErrorCode::kBadRequest, "not commit ids: " + a + ", " + b);
  }
  git_oid base;
  const int rc = git_merge_base(&base, git.raw(), &one, &two);
  if (rc == GIT_ENOTFOUND) return std::nullopt;
  check(rc, "merge base");
  return git::to_hex(&base);
}

struct ChangedFiles::Described {
  FileDiff file;
  Patch patch;  // when the file has lines (and they differ)
};

ChangedFiles::ChangedFiles(GitRepo& git, const std::string& from, const std::string& to, BlobPrefix prefix)
    : git_(git), prefix_(std::move(prefix)) {
  git_repository* repo = git.raw();
  Tree from_tree;
  if (!from.empty()) from_tree = tree_of_commit(repo, from);
  Tree to_tree = tree_of_commit(repo, to);
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  // A file that turns into a symlink stays one change, not a deletion and an addition of a path.
  opts.flags = GIT_DIFF_INCLUDE_TYPECHANGE;
  // libgit2 takes a larger blob for binary without reading it; describe() tells text from binary.
  opts.max_size = static_cast<git_off_t>(kMaxDiffBlob);
  git_diff* d = nullptr;
  check(git_diff_tree_to_tree(&d, repo, from_tree.get(), to_tree.get(), &opts), "diff");
  Diff diff(d);
  git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
  find.flags = GIT_DIFF_FIND_RENAMES;  // exact and similar (50% by default, as git)
  check(git_diff_find_similar(d, &find), "find renames");
  std::vector<std::pair<std::string, std::size_t>> files;
  for (std::size_t i = 0; i < git_diff_num_deltas(d); ++i) {
    const git_diff_delta* delta = git_diff_get_delta(d, i);
    if (!has_old(delta) && !has_new(delta)) continue;
    files.emplace_back(path_of(delta), i);
  }
  std::sort(files.begin(), files.end());
  order_.reserve(files.size());
  paths_.reserve(files.size());
  for (auto& [path, index] : files) {
    paths_.push_back(std::move(path));
    order_.push_back(index);
  }
  diff_ = diff.release();
}

ChangedFiles::~ChangedFiles() {
  git_diff_free(diff_);
}

std::size_t ChangedFiles::first_after(std::string_view path) const {
  return static_cast<std::size_t>(std::upper_bound(paths_.begin(), paths_.end(), path,
                                                   [](std::string_view p, const std::string& s) { return p < s; }) -
                                  paths_.begin());
}

std::optional<std::size_t> ChangedFiles::find(std::string_view path) const {
  auto it = std::lower_bound(paths_.begin(), paths_.end(), path,
                             [](const std::string& s, std::string_view p) { return s < p; });
  if (it == paths_.end() || *it != path) return std::nullopt;
  return static_cast<std::size_t>(it - paths_.begin());
}

ChangedFiles::Described ChangedFiles::read(std::size_t i) {
  git_repository* repo = git_.raw();
  const std::size_t index = order_.at(i);
  const git_diff_delta* delta = git_diff_get_delta(diff_, index);
  Described out;
  FileDiff& f = out.file;
  f.path = paths_[i];
  const bool old_file = has_old(delta);
  const bool new_file = has_new(delta);
  if (!old_file) {
    f.status = FileStatus::kAdded;
  } else if (!new_file) {
    f.status = FileStatus::kDeleted;
  } else if (delta->status == GIT_DELTA_RENAMED) {
    f.status = FileStatus::kRenamed;
    f.old_path = delta->old_file.path;
  }
  git_odb* o = nullptr;
  check(git_repository_odb(&o, repo), "odb");
  Odb odb(o);
  if (old_file) f.old_side = side_of(repo, o, &delta->old_file.id);
  if (new_file) f.new_side = side_of(repo, o, &delta->new_file.id);
  // What changed behind pointers is the LFS objects, which the pointers' oids and sizes tell.
  if (f.lfs()) return out;
  const bool large =
      (f.old_side && f.old_side->blob_size > kMaxDiffBlob) || (f.new_side && f.new_side->blob_size > kMaxDiffBlob);
  if (large) {
    f.binary = (f.old_side && side_is_binary(repo, *f.old_side, prefix_)) ||
               (f.new_side && side_is_binary(repo, *f.new_side, prefix_));
    f.too_large = !f.binary;
    return out;
  }
  // A file replaced by a submodule (or one by the other) shows as deleted (or added) without its
  // lines: libgit2's patch would be of the pair, and git shows a submodule as a commit line.
  if (delta->old_file.mode == GIT_FILEMODE_COMMIT || delta->new_file.mode == GIT_FILEMODE_COMMIT) return out;
  git_patch* p = nullptr;
  check(git_patch_from_diff(&p, diff_, index), "patch");
  out.patch.reset(p);
  // libgit2 marks the diff's delta binary while making its patch (by content, or by attributes).
  f.binary = (git_diff_get_delta(diff_, index)->flags & GIT_DIFF_FLAG_BINARY) != 0;
  if (f.binary || !out.patch) {
    out.patch.reset();
    return out;
  }
  std::size_t context = 0;
  std::size_t additions = 0;
  std::size_t deletions = 0;
  check(git_patch_line_stats(&context, &additions, &deletions, p), "line stats");
  f.additions = additions;
  f.deletions = deletions;
  return out;
}

FileDiff ChangedFiles::describe(std::size_t i) {
  return read(i).file;
}

FilePatch ChangedFiles::patch(std::size_t i, std::size_t offset, std::size_t limit) {
  Described d = read(i);
  FilePatch out;
  out.file = std::move(d.file);
  if (!d.patch) return out;
  git_patch* p = d.patch.get();
  const std::size_t hunks = git_patch_num_hunks(p);
  std::vector<std::size_t> sizes(hunks);
  for (std::size_t h = 0; h < hunks; ++h)
    sizes[h] = counted_lines(p, h).size();
  out.total_lines = std::accumulate(sizes.begin(), sizes.end(), std::size_t{0});
  for (const HunkSlice& slice : slice_hunks(sizes, offset, limit)) {
    const git_diff_hunk* hunk = nullptr;
    check(git_patch_get_hunk(&hunk, nullptr, p, slice.hunk), "hunk");
    PatchHunk h;
    h.header = display_line(std::string_view(hunk->header, hunk->header_len));
    h.old_start = hunk->old_start;
    h.old_lines = hunk->old_lines;
    h.new_start = hunk->new_start;
    h.new_lines = hunk->new_lines;
    const std::vector<std::size_t> lines = counted_lines(p, slice.hunk);
    h.lines.reserve(slice.count);
    for (std::size_t k = slice.first; k < slice.first + slice.count; ++k) {
      const git_diff_line* line = nullptr;
      check(git_patch_get_line_in_hunk(&line, p, slice.hunk, lines[k]), "diff line");
      h.lines.push_back(line_of(line));
    }
    out.hunks.push_back(std::move(h));
  }
  if (offset < out.total_lines && limit < out.total_lines - offset) out.next = offset + limit;
  return out;
}

}  // namespace hub::repos
