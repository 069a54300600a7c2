#pragma once
// Which paths a repo may hold.
#include <string_view>

namespace hub::repos {

// 400 for a path a repo must not hold: empty, absolute, with backslashes, NUL or control
// characters, empty, "." or ".." segments, a ".git" segment, invalid UTF-8, or over 1,000 bytes.
void check_file_path(std::string_view path);

}  // namespace hub::repos
