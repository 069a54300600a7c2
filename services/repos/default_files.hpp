#pragma once
// What a new repo starts with, and which paths a repo may hold.
#include <string_view>
#include <vector>

#include "services/repos/git_repo.hpp"

namespace hub::repos {

// The first commit's files: a .gitattributes sending the usual weight and archive formats to LFS,
// as the Hub's own new repos have.
std::vector<Change> default_files();

// 400 for a path a repo must not hold: empty, absolute, with backslashes, NUL or control
// characters, empty, "." or ".." segments, a ".git" segment, invalid UTF-8, or over 1,000 bytes.
void check_file_path(std::string_view path);

}  // namespace hub::repos
