#pragma once
// The files two revisions differ by and one file's changed lines, as pull-request review reads
// them (GET /internal/repos/{id}/diff and …/patch). Plain values: git/git_diff.cpp fills them from
// libgit2; the paging of a file's lines is pure and lives here.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/repos/domain/lfs_pointer.hpp"

namespace hub::repos {

// A text blob larger than this (on either side) is not diffed: its file says tooLarge, and no
// line of it is read.
inline constexpr std::uint64_t kMaxDiffBlob = 10ULL << 20;
// How many leading bytes decide binary or text (git's own rule looks at as many).
inline constexpr std::size_t kBinaryProbeBytes = 8000;

enum class FileStatus { kAdded, kModified, kDeleted, kRenamed };
std::string_view status_name(FileStatus status);

// One side of a changed file: its git blob, and the LFS object when the blob is a pointer.
struct DiffSide {
  std::string oid;              // git blob sha
  std::uint64_t blob_size = 0;  // git's size of the blob
  std::optional<LfsPointer> lfs;
  // What the file weighs: the LFS object's size for a pointer, the blob's otherwise.
  std::uint64_t size() const { return lfs ? lfs->size : blob_size; }
};

struct FileDiff {
  std::string path;      // the new path (the old one for a deleted file)
  std::string old_path;  // renames only
  FileStatus status = FileStatus::kModified;
  std::optional<DiffSide> old_side, new_side;  // absent: added (old), deleted (new)
  std::uint64_t additions = 0, deletions = 0;  // 0 for binary, LFS and too large
  bool binary = false;                         // a side's git blob is binary (an LFS pointer is text)
  bool too_large = false;                      // text, but a side is over kMaxDiffBlob
  bool lfs() const { return (old_side && old_side->lfs) || (new_side && new_side->lfs); }
  // Whether its lines can be shown: text, small enough, and no LFS pointer on either side.
  bool has_lines() const { return !binary && !too_large && !lfs(); }
};

// One page of the changed files, sorted by path; `next` is the path to pass as `after`.
struct DiffPage {
  std::string base, head, merge_base;  // merge_base empty: unrelated histories (from the empty tree)
  std::vector<FileDiff> files;
  std::optional<std::string> next;
};

enum class LineKind { kContext, kAdd, kDel };
std::string_view line_kind_name(LineKind kind);

struct PatchLine {
  LineKind kind = LineKind::kContext;
  int old_line = 0;  // 1-based; 0: the line is not on that side
  int new_line = 0;
  std::string text;  // without its line ending, valid UTF-8
};

struct PatchHunk {
  std::string header;  // "@@ -a,b +c,d @@ context"
  int old_start = 0, old_lines = 0, new_start = 0, new_lines = 0;
  std::vector<PatchLine> lines;  // only those of the requested window
};

// One file's lines, paged by line index across all hunks.
struct FilePatch {
  FileDiff file;
  std::vector<PatchHunk> hunks;
  std::size_t total_lines = 0;
  std::optional<std::size_t> next;  // the offset of the next page
};

// The part of each hunk that falls in the window [offset, offset + limit) of the lines of all
// hunks in order: hunks outside the window are left out; a hunk cut by it keeps its place.
struct HunkSlice {
  std::size_t hunk = 0;   // index into the hunks
  std::size_t first = 0;  // first line of the hunk in the window
  std::size_t count = 0;
};
std::vector<HunkSlice> slice_hunks(const std::vector<std::size_t>& lines_per_hunk, std::size_t offset,
                                   std::size_t limit);

// A line of a text file as JSON can carry it: each byte that is not part of valid UTF-8 becomes
// U+FFFD, and the line ending (\n, or \r\n) is dropped.
std::string display_line(std::string_view raw);

}  // namespace hub::repos
