#pragma once
// What a new repo starts with.
#include <string_view>
#include <vector>

#include "services/repos/domain/file_paths.hpp"
#include "services/repos/domain/git_objects.hpp"

namespace hub::repos {

// The first commit's files: a .gitattributes sending the usual weight and archive formats to LFS,
// as the Hub's own new repos have.
std::vector<Change> default_files();

}  // namespace hub::repos
