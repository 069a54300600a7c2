#include "services/repos/domain/file_paths.hpp"

#include "common/error/api_error.hpp"
#include "common/util/strings.hpp"
#include "common/util/utf8.hpp"

namespace hub::repos {

void check_file_path(std::string_view path) {
  auto bad = [&](std::string_view why) {
    throw ApiError(ErrorCode::kBadRequest, "invalid path '" + util::header_safe(path, 200) + "': " + std::string(why));
  };
  if (path.empty()) bad("empty");
  if (path.size() > 1000) bad("longer than 1000 bytes");
  if (path.front() == '/') bad("absolute");
  for (const char c : path) {
    if (c == '\\') bad("backslashes are not separators here");
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) bad("control characters");
  }
  if (!util::valid_utf8(path)) bad("not UTF-8");
  for (auto segment : util::split(path, '/')) {
    if (segment.empty()) bad("empty segment");
    if (segment == "." || segment == "..") bad("relative segments");
    if (util::iequals(segment, ".git")) bad(".git is reserved");
  }
}

}  // namespace hub::repos
