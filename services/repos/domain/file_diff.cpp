#include "services/repos/domain/file_diff.hpp"

#include <algorithm>

#include "common/util/utf8.hpp"

namespace hub::repos {

std::string_view status_name(FileStatus status) {
  switch (status) {
    case FileStatus::kAdded:
      return "added";
    case FileStatus::kDeleted:
      return "deleted";
    case FileStatus::kRenamed:
      return "renamed";
    case FileStatus::kModified:
      break;
  }
  return "modified";
}

std::string_view line_kind_name(LineKind kind) {
  switch (kind) {
    case LineKind::kAdd:
      return "add";
    case LineKind::kDel:
      return "del";
    case LineKind::kContext:
      break;
  }
  return "context";
}

std::vector<HunkSlice> slice_hunks(const std::vector<std::size_t>& lines_per_hunk, std::size_t offset,
                                   std::size_t limit) {
  std::vector<HunkSlice> out;
  // The window's end, saturated: offset and limit come from a query string.
  const std::size_t end = limit > SIZE_MAX - offset ? SIZE_MAX : offset + limit;
  std::size_t start = 0;  // index of the hunk's first line among all lines
  for (std::size_t h = 0; h < lines_per_hunk.size() && start < end; ++h) {
    const std::size_t n = lines_per_hunk[h];
    const std::size_t from = std::max(start, offset);
    const std::size_t to = std::min(start + n, end);
    if (from < to) out.push_back(HunkSlice{h, from - start, to - from});
    start += n;
  }
  return out;
}

std::string display_line(std::string_view raw) {
  if (raw.ends_with('\n')) raw.remove_suffix(1);
  if (raw.ends_with('\r')) raw.remove_suffix(1);
  if (util::valid_utf8(raw)) return std::string(raw);
  std::string out;
  out.reserve(raw.size() + 8);
  for (std::size_t i = 0; i < raw.size();) {
    const std::size_t n = util::utf8_sequence_length(raw, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else {
      out.append(raw.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace hub::repos
